import { escapeMrkdwn, shortenLabel } from '../chat/slack/mrkdwn';
import type { SlackMessage } from '../chat/slack/slack-blocks';
import type { EventActor, StoredEvent } from '../store/store';
import { formatClock, formatTime } from './format-time';

/** Slack's section text limit, with room for the time and actor around the summary. */
const maxSummary = 2_800;

export interface PostContent {
  /** The newest event of the post: its summary and actor are shown. */
  readonly latest: StoredEvent;
  readonly count: number;
  readonly firstAt: Date;
  readonly lastAt: Date;
}

const actorLabel = (actor: EventActor): string => (actor.kind === 'user' && /^[UW][A-Z0-9]+$/.test(actor.id) ? `<@${actor.id}>` : escapeMrkdwn(actor.id));

/** One timeline line: when, who, what; a burst says how many and its first and last time. */
export function renderPost(content: PostContent, timeZone: string): SlackMessage {
  const { latest, count } = content;
  const summary = escapeMrkdwn(shortenLabel(latest.summary, maxSummary));
  const who = latest.actor.kind === 'bot' ? '' : ` · ${actorLabel(latest.actor)}`;
  const text =
    count === 1
      ? `*${formatTime(content.firstAt, timeZone)}*${who} · ${summary}`
      : `*${formatTime(content.firstAt, timeZone)}* · ${count} × ${summary} (first ${formatClock(content.firstAt, timeZone)}, last ${formatClock(content.lastAt, timeZone)})`;
  return { text, blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }] };
}
