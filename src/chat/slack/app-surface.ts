/**
 * What the bot shows to Slack, in one place, so manifest.yml can be checked against the code
 * (test/slack/manifest.test.ts): the slash command, the modal, and every Web API method called with
 * the bot scope it needs (`null`: the method needs no scope).
 */
export const slashCommand = '/rmq';

/** The modal `/rmq` opens when it is typed without a subcommand. */
export const commandModalCallbackId = 'rmq.command';

/** The modal a destructive button opens to have the target's name typed. */
export const typedModalCallbackId = 'rmq.typed';

export const webApiMethodScopes = {
  'auth.test': null,
  'chat.postMessage': 'chat:write',
  'chat.update': 'chat:write',
  'chat.postEphemeral': 'chat:write',
  'files.getUploadURLExternal': 'files:write',
  'files.completeUploadExternal': 'files:write',
  'usergroups.users.list': 'usergroups:read',
  'views.open': null,
} as const satisfies Record<string, string | null>;

export type WebApiMethod = keyof typeof webApiMethodScopes;

/** Scopes needed by what Slack sends us rather than by a method we call. */
export const inboundScopes = {
  /** Receiving `/rmq`. */
  commands: 'commands',
} as const;
