/**
 * Slack's documented limits for what the renderer produces, plus the margins this bot keeps below
 * them. Going over any of these makes Slack reject the whole message, so the renderer splits or
 * moves content to a file instead.
 */
export const slackLimits = {
  blocksPerMessage: 50,
  sectionText: 3000,
  fieldsPerSection: 10,
  fieldText: 2000,
  headerText: 150,
  contextText: 3000,
  contextElements: 10,
  actionsElements: 25,
  buttonText: 75,
  buttonValue: 2000,
  actionId: 255,
  confirmTitle: 100,
  confirmText: 300,
  confirmButton: 30,
  messageText: 40_000,
  /** Not documented: chat.postMessage answers `msg_blocks_too_long` around 13k characters of block text. */
  blockTextPerMessage: 12_000,
  /** response_url accepts 5 posts within 30 minutes. */
  responseUrlUses: 5,
  modalTitle: 24,
  modalButton: 24,
  inputLabel: 2000,
  privateMetadata: 3000,
} as const;

/** Where this bot stops inlining preformatted text (logs, command output) and attaches a file. */
export const inlinePreformatted = { maxChars: 2800, maxLines: 40, previewLines: 10, previewWidth: 200, maxTableHead: 600 } as const;
