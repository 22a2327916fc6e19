import { randomUUID } from 'node:crypto';
import type { ChannelPoster, PostedMessage } from '../chat/slack/channel-poster';
import type { SlackMessage } from '../chat/slack/slack-blocks';
import type { Logger } from '../observability/logger';
import type { LeaseFence } from '../store/step-journal';
import type { PendingPost, Store, TimelinePost } from '../store/store';
import { planPosts, type PlannedPost } from './plan-posts';
import { postMarker, reconcileSends } from './reconcile-sends';
import { renderPost } from './render-post';
import { routeEvent } from './route-event';

export interface OutboxOptions {
  /** This replica, as the lease names it. */
  readonly holder: string;
  readonly timeZone: string;
  readonly leaseTtlMs: number;
  /** How often a replica without the lease asks for it, and the holder looks for new events. */
  readonly pollMs: number;
  /** Alike events this close together are one post. */
  readonly coalesceWindowMs: number;
  /** Events read per pass. */
  readonly batchSize: number;
  /** Longest wait between attempts while Slack fails. */
  readonly maxBackoffMs: number;
  readonly now: () => Date;
}

export const outboxLease = 'outbox';

export const defaultOutboxOptions = { leaseTtlMs: 15_000, pollMs: 1_000, coalesceWindowMs: 10_000, batchSize: 2_000, maxBackoffMs: 30_000 } as const;

/** The holder's lease was taken over: stop before posting anything more. */
class LeaseLost extends Error {}

/**
 * Posts the event log to Slack from exactly one replica: the holder of the `outbox` lease. It reads
 * the log in order after a durable cursor, coalesces bursts, and records each post's ts before moving
 * the cursor, so a restart or a takeover edits what was posted instead of posting it again. When
 * Slack fails, the cursor stays put and the same events are tried again later: nothing is lost.
 */
export class Outbox {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private stopped = false;
  private fence: LeaseFence | null = null;
  private failures = 0;

  constructor(
    private readonly store: Store,
    private readonly poster: ChannelPoster,
    private readonly logger: Logger,
    private readonly options: OutboxOptions,
  ) {}

  start(): void {
    this.schedule(0);
  }

  /** Waits for a pass in flight, then gives the lease up so another replica takes over at once. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
    if (this.fence) await this.store.releaseLease(outboxLease, this.options.holder, this.fence.token).catch(() => false);
    this.fence = null;
  }

  /** One pass: take or keep the lease, then deliver what the log holds past the cursor. */
  async pass(): Promise<void> {
    const acquired = await this.store.acquireLease(outboxLease, this.options.holder, this.options.leaseTtlMs, this.options.now());
    if (!acquired.acquired) {
      this.fence = null;
      return;
    }
    this.fence = { lease: outboxLease, token: acquired.token };
    if ((await reconcileSends(this.store, this.poster, this.fence, this.logger)) === 'lease-lost') throw new LeaseLost();
    for (;;) {
      const cursor = await this.store.outboxCursor(outboxLease);
      const events = await this.store.listEventsAfter(cursor, this.options.batchSize);
      const last = events[events.length - 1];
      if (!last || this.stopped) return;
      for (const post of planPosts(events.flatMap(routeEvent), this.options.coalesceWindowMs)) await this.deliver(post, this.fence);
      if (!(await this.store.advanceOutbox(outboxLease, last.id, this.fence))) throw new LeaseLost();
    }
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.pass().then(
        () => {
          this.failures = 0;
          this.schedule(this.options.pollMs);
        },
        (e: unknown) => {
          if (e instanceof LeaseLost) {
            this.logger.warn({ holder: this.options.holder }, 'another replica took the outbox lease; this one stops posting');
            this.fence = null;
            this.schedule(this.options.pollMs);
            return;
          }
          this.failures++;
          const backoff = Math.min(this.options.maxBackoffMs, this.options.pollMs * 2 ** Math.min(this.failures, 10));
          this.logger.error({ err: e, retryInMs: backoff }, 'timeline posts failed; the events stay in the store and are tried again');
          this.schedule(backoff);
        },
      );
    }, delayMs);
    this.timer.unref();
  }

  /** Posts a group, or extends the post its key already has, and records the ts under the fence. */
  private async deliver(planned: PlannedPost, fence: LeaseFence): Promise<void> {
    const first = planned.deliveries[0];
    const latestDelivery = planned.deliveries[planned.deliveries.length - 1];
    if (!first || !latestDelivery) return;
    const incident = await this.store.getIncident(first.incident);
    if (!incident) return;
    const since = new Date(first.event.at.getTime() - this.options.coalesceWindowMs);
    const existing = await this.store.latestPost(planned.coalesceKey, since);
    // A pass that died after posting but before moving the cursor sees its own post again.
    const fresh = existing ? planned.deliveries.filter((d) => d.event.id > existing.lastEventId) : planned.deliveries;
    if (fresh.length === 0) return;
    if (!(await this.store.renewLease(outboxLease, this.options.holder, fence.token, this.options.leaseTtlMs, this.options.now()))) throw new LeaseLost();
    const latest = latestDelivery.event;
    const count = (existing?.count ?? 0) + fresh.length;
    const firstAt = existing?.firstAt ?? first.event.at;
    const message = renderPost({ latest, count, firstAt, lastAt: latest.at }, this.options.timeZone);
    const threadTs = first.target === 'thread' ? incident.rootTs : null;
    if (first.target === 'thread' && !threadTs) throw new Error(`incident ${incident.id} has no root message yet`);
    const post: Omit<TimelinePost, 'ts'> = {
      postKey: existing?.postKey ?? `${planned.coalesceKey}|${first.event.id}`,
      coalesceKey: planned.coalesceKey,
      channel: existing?.channel ?? incident.channel,
      threadTs,
      firstEventId: existing?.firstEventId ?? first.event.id,
      lastEventId: latest.id,
      count,
      firstAt,
      lastAt: latest.at,
    };
    const rootOf = first.event.kind === 'incident-opened' ? incident.id : null;
    const posted = existing
      ? await this.poster.schedule(incident.channel, () => this.poster.updateNow({ channel: existing.channel, ts: existing.ts }, message)).then(() => existing)
      : await this.send({ ...post, attemptId: randomUUID(), startedAt: this.options.now(), rootOf }, message, fence);
    if (!(await this.store.savePost({ ...post, channel: posted.channel, ts: posted.ts }, fence))) throw new LeaseLost();
    if (rootOf !== null) await this.store.setIncidentRoot(rootOf, posted.ts);
  }

  /**
   * A new message, marked pending first: if this process dies after Slack took the message but
   * before its ts is saved, the next holder finds it by its metadata instead of posting it again.
   */
  private async send(pending: PendingPost, message: SlackMessage, fence: LeaseFence): Promise<PostedMessage> {
    if (!(await this.store.markSending(pending, fence))) throw new LeaseLost();
    return this.poster.post(pending.channel, message, pending.threadTs ?? undefined, postMarker(pending));
  }
}
