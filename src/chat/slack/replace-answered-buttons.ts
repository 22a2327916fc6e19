import type { Decided } from '../../reply/model';
import { formatTime } from '../../timeline/format-time';
import type { DeliveryDeps } from './deliver-reply';
import { escapeMrkdwn } from './mrkdwn';
import type { AnsweredMessage } from './payloads';
import { replaceOriginalThroughResponseUrl } from './response-url';
import type { SlackBlock } from './slack-blocks';

const slackUserId = /^[UW][A-Z0-9]{2,}$/;

/** Who decided what, when: a mention for a Slack user, the time in the channel's zone (stored UTC). */
export function decisionLine(decided: Decided, timeZone: string): string {
  const by = slackUserId.test(decided.by) ? `<@${decided.by}>` : escapeMrkdwn(decided.by);
  return `:white_check_mark: ${escapeMrkdwn(decided.what)} by ${by} at ${formatTime(new Date(decided.at), timeZone)}`;
}

/**
 * After a decision the buttons that took it must not be pressed again: the message that had them
 * keeps its content and shows, where the buttons were, who decided what and when.
 */
export async function replaceAnsweredButtons(deps: DeliveryDeps, answered: AnsweredMessage, decided: Decided): Promise<void> {
  const line = decisionLine(decided, deps.services.config.chat.timeZone);
  const decision: SlackBlock = { type: 'context', elements: [{ type: 'mrkdwn', text: line }] };
  if (answered.kind === 'ephemeral') {
    await replaceOriginalThroughResponseUrl(answered.responseUrl, { text: line, blocks: [decision] }, deps.responseUrlTimeoutMs);
    return;
  }
  const kept = answered.blocks.filter((block) => block.type !== 'actions');
  await deps.poster.schedule(answered.channel, () =>
    deps.client.chat.update({ channel: answered.channel, ts: answered.ts, text: answered.text || line, blocks: [...kept, decision] }),
  );
}
