/**
 * What the bot shows to Slack, in one place, so manifest.yml can be checked against the code
 * (test/slack/manifest.test.ts): the slash command, the modal, and every Web API method called with
 * the bot scope it needs (`null`: the method needs no scope; a list: one of them, by channel type).
 */
export const slashCommand = '/rmq';

/** The modal `/rmq` opens when it is typed without a subcommand. */
export const commandModalCallbackId = 'rmq.command';

/** The modal a destructive button opens to have the target's name typed. */
export const typedModalCallbackId = 'rmq.typed';

/** The message shortcut "Add to timeline". */
export const addToTimelineCallbackId = 'rmq.add_to_timeline';

/** The reaction (📌) that copies a message into the incident's timeline. */
export const pinReaction = 'pushpin';

/** Reading a message needs the history scope of its kind of channel: public or private. */
const historyScopes = ['channels:history', 'groups:history'] as const;

export const webApiMethodScopes = {
  'auth.test': null,
  'chat.postMessage': 'chat:write',
  'chat.update': 'chat:write',
  'chat.postEphemeral': 'chat:write',
  'files.getUploadURLExternal': 'files:write',
  'files.completeUploadExternal': 'files:write',
  'usergroups.users.list': 'usergroups:read',
  'views.open': null,
  'conversations.history': historyScopes,
  'conversations.replies': historyScopes,
} as const satisfies Record<string, string | readonly string[] | null>;

export type WebApiMethod = keyof typeof webApiMethodScopes;

/** Scopes needed by what Slack sends us rather than by a method we call. */
export const inboundScopes = {
  /** Receiving `/rmq`. */
  commands: 'commands',
  /** Receiving `reaction_added` (📌 on a message). */
  reactionAdded: 'reactions:read',
} as const;

/** Events API subscriptions (bot events). */
export const botEvents = ['reaction_added'] as const;
