import type { App } from '@slack/bolt';
import type { Reply } from '../../reply/model';
import { textReply } from '../../reply/model';
import { pinMessage, type MessageToPin, type PinOutcome } from '../../timeline/pin-message';
import { addToTimelineCallbackId, pinReaction } from './app-surface';
import { sendEphemeral } from './deliver-reply';
import { fetchMessage } from './fetch-message';
import type { HandlerDeps } from './handler-deps';
import { messageShortcutPayload, reactionAddedEvent, type ChatMessage, type MessageShortcut, type ReactionAdded } from './payloads';

/** The bot's own messages are the timeline already: pinning one would copy it into itself. */
interface BotIdentity {
  readonly botUserId?: string;
  readonly botId?: string;
}

const authorOf = (message: ChatMessage): string | null => message.user ?? message.bot_id ?? null;
const isOwn = (message: ChatMessage, bot: BotIdentity): boolean => (message.user !== undefined && message.user === bot.botUserId) || (message.bot_id !== undefined && message.bot_id === bot.botId);

function outcomeReply(outcome: PinOutcome): Reply {
  switch (outcome.kind) {
    case 'pinned':
      return textReply(`Added to the timeline of ${outcome.incident}.`, { mark: 'ok', ephemeral: true });
    case 'already-pinned':
      return textReply(`That message is already in the timeline of ${outcome.incident}.`, { ephemeral: true });
    case 'no-incident':
      return textReply('No incident is open in this channel, so there is no timeline to add to: start one with `/rmq incident start TITLE`.', { mark: 'warning', ephemeral: true });
  }
}

async function onReaction(deps: HandlerDeps, event: ReactionAdded, bot: BotIdentity): Promise<void> {
  const { channel, ts } = event.item;
  if (deps.access.channelRefusal(channel)) return;
  // Checked before reading the message: a 📌 outside an incident costs no Web API call.
  if (!(await deps.services.store.openIncidentIn(channel))) return;
  const message = await fetchMessage(deps.client, channel, ts);
  if (!message) {
    deps.logger.warn({ channel, ts }, 'a 📌 was added to a message the bot cannot read (deleted, or the bot is not in the channel)');
    return;
  }
  const author = authorOf(message) ?? event.item_user;
  if (isOwn(message, bot) || author === undefined) return;
  const outcome = await pinMessage(deps.services.store, { channel, messageTs: ts, author, text: message.text ?? '', via: 'reaction', pinnedBy: event.user });
  deps.logger.info({ channel, ts, outcome: outcome.kind }, 'message pinned with 📌');
}

async function onShortcut(deps: HandlerDeps, shortcut: MessageShortcut, bot: BotIdentity): Promise<void> {
  const target = { kind: 'response-url' as const, url: shortcut.response_url };
  const channel = shortcut.channel.id;
  const access = await deps.access.decide(channel, shortcut.user.id);
  if (access.kind === 'refused') return sendEphemeral(deps, target, access.reply);
  // A message made only of blocks comes without text: its text is read from the channel.
  const message = shortcut.message.text === undefined ? await fetchMessage(deps.client, channel, shortcut.message.ts) : shortcut.message;
  const author = message ? authorOf(message) : null;
  if (!message || author === null) return sendEphemeral(deps, target, textReply('I could not read that message (deleted, or I am not in this channel).', { mark: 'warning', ephemeral: true }));
  if (isOwn(message, bot)) return sendEphemeral(deps, target, textReply('That is one of my own timeline messages: it is in the timeline already.', { ephemeral: true }));
  const pin: MessageToPin = { channel, messageTs: message.ts, author, text: message.text ?? '', via: 'shortcut', pinnedBy: access.actor.id };
  await sendEphemeral(deps, target, outcomeReply(await pinMessage(deps.services.store, pin)));
}

/**
 * 📌 on a message in an incident channel, and the "Add to timeline" message shortcut: both copy the
 * message into the open incident's timeline with its author and original time. The shortcut answers
 * privately; a reaction says nothing (there is no one to answer but the whole channel).
 */
export function registerPinToTimeline(app: App, deps: HandlerDeps): void {
  app.event('reaction_added', async ({ event, context }) => {
    const parsed = reactionAddedEvent.safeParse(event);
    if (!parsed.success || parsed.data.reaction !== pinReaction) return;
    try {
      await onReaction(deps, parsed.data, context);
    } catch (e) {
      deps.logger.error({ err: e, channel: parsed.data.item.channel, ts: parsed.data.item.ts }, 'copying a 📌 message into the timeline failed');
    }
  });
  app.shortcut(addToTimelineCallbackId, async ({ ack, body, context }) => {
    await ack();
    const parsed = messageShortcutPayload.safeParse(body);
    if (!parsed.success) {
      deps.logger.warn({ issues: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`) }, 'unexpected message shortcut payload');
      return;
    }
    try {
      await onShortcut(deps, parsed.data, context);
    } catch (e) {
      deps.logger.error({ err: e, channel: parsed.data.channel.id }, '"Add to timeline" failed');
    }
  });
}
