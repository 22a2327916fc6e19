import { z } from 'zod';

/**
 * The parts of Slack's payloads this bot relies on, parsed once at the boundary (Bolt has already
 * verified where they came from). Unknown fields are allowed: Slack adds fields over time.
 */
export const slashCommandPayload = z.object({
  command: z.string(),
  text: z.string(),
  user_id: z.string().min(1),
  channel_id: z.string().min(1),
  response_url: z.string().url(),
  trigger_id: z.string().min(1),
});
export type SlashCommandPayload = z.infer<typeof slashCommandPayload>;

export const messageTs = z.string().regex(/^\d+\.\d+$/);

/** A block as Slack sent it back: passed through to chat.update unchanged. */
const slackBlockJson = z.looseObject({ type: z.string() });

/**
 * The message whose button was pressed, as a decision rewrites it: a channel message by chat.update
 * (its own blocks, minus the buttons); an ephemeral one, which Slack does not send back, through the
 * response_url.
 */
export const answeredMessageSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('message'), channel: z.string().min(1), ts: messageTs, text: z.string(), blocks: z.array(slackBlockJson) }),
  z.object({ kind: z.literal('ephemeral'), responseUrl: z.string().url() }),
]);
export type AnsweredMessage = z.infer<typeof answeredMessageSchema>;

function answeredMessage(channel: string, message: { ts: string; text: string; blocks: z.infer<typeof slackBlockJson>[] } | undefined, responseUrl: string): AnsweredMessage {
  return message ? { kind: 'message', channel, ts: message.ts, text: message.text, blocks: message.blocks } : { kind: 'ephemeral', responseUrl };
}

/**
 * A click on one of our buttons. Where it was is read from `container`, which Slack always sends:
 * `message` is missing for a click in an ephemeral message, and `thread_ts` sits on the container
 * for an ephemeral message in a thread (bolt-python and java-slack-sdk test captures).
 * `message.blocks` is the message as posted: a decision rewrites it without its buttons.
 */
export const buttonPressPayload = z
  .object({
    type: z.literal('block_actions'),
    user: z.object({ id: z.string().min(1) }),
    trigger_id: z.string().min(1),
    container: z.object({
      type: z.literal('message'),
      message_ts: messageTs,
      channel_id: z.string().min(1),
      is_ephemeral: z.boolean().optional(),
      thread_ts: messageTs.optional(),
    }),
    message: z
      .object({ ts: messageTs, thread_ts: messageTs.optional(), text: z.string().default(''), blocks: z.array(slackBlockJson).default([]) })
      .optional(),
    response_url: z.string().url(),
    actions: z
      .array(z.object({ type: z.literal('button'), action_id: z.string().min(1), value: z.string().default('') }))
      .length(1, { error: 'a button press carries exactly one action' }),
  })
  .transform((p) => ({
    user: p.user.id,
    channel: p.container.channel_id,
    messageTs: p.container.message_ts,
    /** An ephemeral message cannot start a thread: its replies go to the channel, or to its own thread. */
    threadTs: p.message?.thread_ts ?? p.container.thread_ts ?? (p.container.is_ephemeral === true ? undefined : p.container.message_ts),
    responseUrl: p.response_url,
    triggerId: p.trigger_id,
    answered: answeredMessage(p.container.channel_id, p.message, p.response_url),
    actions: p.actions,
  }));
export type ButtonPress = z.output<typeof buttonPressPayload>;

/** What the command modal keeps in private_metadata: where /rmq was typed. */
export const commandModalMetadata = z.object({ channel: z.string().min(1) });

export const commandModalInputIds = { block: 'command', element: 'command_text' } as const;

/**
 * The submission of one of our one-input modals (shape: bolt-python's view_submission capture,
 * test/fixtures/slack-payloads/view-submission-grid.json): who sent it, its private_metadata, and
 * what was typed, trimmed ('' when the input is missing or empty).
 */
function oneInputSubmission(ids: { readonly block: string; readonly element: string }) {
  return z
    .object({
      type: z.literal('view_submission'),
      user: z.object({ id: z.string().min(1) }),
      view: z.object({
        private_metadata: z.string(),
        state: z.object({ values: z.record(z.string(), z.record(z.string(), z.object({ value: z.string().nullable().optional() }))) }),
      }),
    })
    .transform((p) => ({ user: p.user.id, privateMetadata: p.view.private_metadata, text: p.view.state.values[ids.block]?.[ids.element]?.value?.trim() ?? '' }));
}

export const commandModalSubmission = oneInputSubmission(commandModalInputIds);

/** private_metadata is our own JSON, but it comes back through Slack: parsed like any outside input. */
export function parseModalMetadata<T>(schema: z.ZodType<T>, raw: string): T | null {
  try {
    const parsed = schema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/**
 * What the typed-word modal keeps in private_metadata: the press it stands for, so its submission is
 * claimed and answered as that button's press.
 */
export const typedModalMetadata = z.object({
  channel: z.string().min(1),
  messageTs,
  threadTs: messageTs.optional(),
  responseUrl: z.string().url(),
  wireId: z.string().min(1),
  claimKey: z.string().min(1),
  value: z.string(),
  answered: answeredMessageSchema,
});
export type TypedModalMetadata = z.infer<typeof typedModalMetadata>;

export const typedModalInputIds = { block: 'typed_word', element: 'typed_word_text' } as const;

export const typedModalSubmission = oneInputSubmission(typedModalInputIds);

/**
 * A reaction added to a message (Events API `reaction_added`). `item_user` is missing for messages
 * not authored by a user (incoming webhooks); the text is never included.
 */
export const reactionAddedEvent = z.object({
  type: z.literal('reaction_added'),
  user: z.string().min(1),
  reaction: z.string(),
  item_user: z.string().optional(),
  item: z.object({ type: z.literal('message'), channel: z.string().min(1), ts: messageTs }),
});
export type ReactionAdded = z.infer<typeof reactionAddedEvent>;

/** A message as Slack shows it to the bot: a shortcut's `message`, or one from conversations.history. */
export const chatMessage = z.object({
  ts: messageTs,
  /** Absent on messages made only of blocks or attachments. */
  text: z.string().optional(),
  /** Absent on messages posted by integrations, which carry `bot_id` instead. */
  user: z.string().optional(),
  bot_id: z.string().optional(),
  thread_ts: messageTs.optional(),
});
export type ChatMessage = z.infer<typeof chatMessage>;

/** A message shortcut (`message_action`) run on one message. */
export const messageShortcutPayload = z.object({
  type: z.literal('message_action'),
  callback_id: z.string(),
  user: z.object({ id: z.string().min(1) }),
  channel: z.object({ id: z.string().min(1) }),
  message: chatMessage,
  response_url: z.string().url(),
});
export type MessageShortcut = z.infer<typeof messageShortcutPayload>;
