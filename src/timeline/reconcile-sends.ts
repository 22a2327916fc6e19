import type { ChannelPoster } from '../chat/slack/channel-poster';
import type { MessageMetadata } from '../chat/slack/find-marked-post';
import type { Logger } from '../observability/logger';
import type { LeaseFence } from '../store/step-journal';
import type { PendingPost, Store } from '../store/store';

/** The metadata event type of every timeline post. */
export const timelinePostEventType = 'rmq_timeline_post';

/** What a new post carries, so a later holder of the outbox lease can find it by its key. */
export const postMarker = (post: Pick<PendingPost, 'postKey' | 'attemptId'>): MessageMetadata => ({
  event_type: timelinePostEventType,
  event_payload: { post_key: post.postKey, attempt_id: post.attemptId },
});

/** The channel is searched from a little before the attempt started: our clock and Slack's differ. */
const clockMarginMs = 5 * 60_000;
const slackTs = (at: Date): string => (Math.max(0, at.getTime() - clockMarginMs) / 1000).toFixed(6);

export type ReconcileResult = 'done' | 'lease-lost';

/**
 * Settles the posts a previous sender left pending: it marked them before chat.postMessage and died
 * (or failed) before storing the ts. A post Slack did take is found in its channel or thread by its
 * metadata and adopted (its ts stored, as if the sender had lived); one Slack never saw is forgotten,
 * and the outbox sends it again. Runs before the outbox delivers anything, so nothing is posted twice.
 */
export async function reconcileSends(store: Store, poster: ChannelPoster, fence: LeaseFence, logger: Logger): Promise<ReconcileResult> {
  for (const pending of await store.listSending()) {
    const ts = await poster.findMarked({ channel: pending.channel, threadTs: pending.threadTs, oldest: slackTs(pending.startedAt) }, timelinePostEventType, ['post_key', pending.postKey]);
    if (ts === null) {
      if (!(await store.dropSending(pending.postKey, fence))) return 'lease-lost';
      logger.info({ postKey: pending.postKey, attemptId: pending.attemptId }, 'a pending timeline post never reached Slack; it is sent again');
      continue;
    }
    const { attemptId: _attempt, startedAt: _started, rootOf, ...post } = pending;
    if (!(await store.savePost({ ...post, ts }, fence))) return 'lease-lost';
    if (rootOf !== null) await store.setIncidentRoot(rootOf, ts);
    logger.warn({ postKey: pending.postKey, attemptId: pending.attemptId, ts }, 'adopted a timeline post whose sender died before storing its ts; not posting it again');
  }
  return 'done';
}
