import { webApi } from '@slack/bolt';
import type { Actor, CommandContext, Services } from '../../commands/types';
import type { Logger } from '../../observability/logger';
import type { Reply } from '../../reply/model';
import type { ChannelPoster } from './channel-poster';
import { renderEphemeralReply, renderFinalReply, renderProgressMessage } from './render-reply';
import { postEphemeralToResponseUrl } from './response-url';
import type { SlackMessage } from './slack-blocks';
import { slackLimits } from './slack-limits';

/** Where a reply meant for one person goes: an interaction's response_url, or chat.postEphemeral. */
export type EphemeralTarget =
  | { readonly kind: 'response-url'; readonly url: string }
  | { readonly kind: 'user'; readonly channel: string; readonly user: string };

export interface DeliveryDeps {
  readonly client: webApi.WebClient;
  readonly poster: ChannelPoster;
  readonly services: Services;
  readonly logger: Logger;
  readonly responseUrlTimeoutMs: number;
}

export interface ReplyDestination {
  readonly channel: string;
  /** Set for button replies: they go in the thread of the message that had the button. */
  readonly threadTs?: string;
  readonly ephemeral: EphemeralTarget;
}

function withinResponseUrlUses(messages: readonly SlackMessage[]): readonly SlackMessage[] {
  if (messages.length <= slackLimits.responseUrlUses) return messages;
  const kept = messages.slice(0, slackLimits.responseUrlUses - 1);
  const left = messages.length - kept.length;
  return [
    ...kept,
    {
      text: `${left} more parts not shown`,
      blocks: [{ type: 'context', elements: [{ type: 'mrkdwn', text: `${left} more parts are not shown: Slack allows ${slackLimits.responseUrlUses} private replies per command. Run it in a channel where I may post to get the whole reply in a thread.` }] }],
    },
  ];
}

export async function sendEphemeral(deps: DeliveryDeps, target: EphemeralTarget, reply: Reply): Promise<void> {
  const { messages } = renderEphemeralReply(reply);
  if (target.kind === 'response-url') {
    for (const message of withinResponseUrlUses(messages)) await postEphemeralToResponseUrl(target.url, message, deps.responseUrlTimeoutMs);
    return;
  }
  for (const message of messages) {
    await deps.poster.schedule(target.channel, () =>
      deps.client.chat.postEphemeral({ channel: target.channel, user: target.user, text: message.text, blocks: message.blocks }),
    );
  }
}

function slackErrorWord(e: unknown): string | null {
  return e instanceof webApi.WebAPIPlatformError ? e.data.error : null;
}

async function postInChannel(deps: DeliveryDeps, where: ReplyDestination, live: LiveMessage, reply: Reply): Promise<void> {
  const rendered = renderFinalReply(reply);
  const [first, ...rest] = rendered.messages;
  if (first) await live.show(first);
  const head = live.message;
  if (!head) throw new Error('the reply message was not posted');
  const thread = where.threadTs ?? head.ts;
  for (const message of rest) await deps.poster.post(where.channel, message, thread);
  for (const file of rendered.files) await deps.poster.attach(where.channel, thread, file);
}

type LiveMessage = ReturnType<ChannelPoster['live']>;

/** A command's context in Slack: partial replies go into one message, updated in place. */
export function chatContext(deps: DeliveryDeps, where: ReplyDestination, actor: Actor): { readonly ctx: CommandContext; readonly live: LiveMessage } {
  const live = deps.poster.live(where.channel, where.threadTs);
  const ctx: CommandContext = {
    actor,
    channel: where.channel,
    services: deps.services,
    progress: (partial) => {
      live.show(renderProgressMessage(partial)).catch((e: unknown) => deps.logger.warn({ err: e, channel: where.channel }, 'progress update failed'));
    },
  };
  return { ctx, live };
}

/**
 * Runs a command or action and shows its reply: partial replies go into one message updated in
 * place (ctx.progress), the final reply replaces it.
 */
export async function runAndDeliver(
  deps: DeliveryDeps,
  where: ReplyDestination,
  actor: Actor,
  run: (ctx: CommandContext) => Promise<Reply>,
): Promise<Reply> {
  const { ctx, live } = chatContext(deps, where, actor);
  const reply = await run(ctx);
  await deliverReply(deps, where, live, reply);
  return reply;
}

/**
 * Shows a final reply. Replies marked ephemeral that arrive before anything was posted go to the
 * requester only. When the channel refuses the bot (not invited, archived), the requester gets the
 * reply privately with the reason, so nothing is lost.
 */
export async function deliverReply(deps: DeliveryDeps, where: ReplyDestination, live: LiveMessage, reply: Reply): Promise<void> {
  try {
    if (reply.ephemeral && !live.started) await sendEphemeral(deps, where.ephemeral, reply);
    else await postInChannel(deps, where, live, reply);
  } catch (e) {
    const word = slackErrorWord(e);
    deps.logger.warn({ err: e, channel: where.channel, slackError: word }, 'could not post the reply in the channel');
    const reason = word ? `Slack said \`${word}\`` : 'Slack did not accept the message in time';
    const hint = word === 'not_in_channel' || word === 'channel_not_found' ? ' Invite me with `/invite` and try again.' : '';
    await sendEphemeral(deps, where.ephemeral, { ...reply, ephemeral: true, blocks: [...reply.blocks, { kind: 'context', text: `Shown only to you: I could not post in this channel (${reason}).${hint}` }] });
  }
}
