import Bottleneck from 'bottleneck';
import { webApi } from '@slack/bolt';
import type { Logger } from '../../observability/logger';
import { findMarkedPost, type MessageMetadata, type PostPlace } from './find-marked-post';
import type { SlackFile, SlackMessage } from './slack-blocks';

export interface PostedMessage {
  readonly channel: string;
  readonly ts: string;
}

export interface ChannelPosterOptions {
  /** Slack allows about one message per second per channel. */
  readonly minIntervalMs: number;
  /** How many 429s in a row one call may wait out before its error reaches the caller. */
  readonly maxRateLimitWaits: number;
}

export const defaultChannelPosterOptions: ChannelPosterOptions = { minIntervalMs: 1_000, maxRateLimitWaits: 5 };

/**
 * Every write to a channel goes through that channel's queue: one call at a time, spaced by
 * `minIntervalMs`, a 429 waited out for Retry-After on that channel only, and nothing dropped.
 * Channel queues are independent, so a noisy incident channel does not slow another one.
 */
export class ChannelPoster {
  private readonly queues: Bottleneck.Group;

  /**
   * `unretried` sends marked posts (see `post`): a client retry after a timeout would post a
   * second copy when Slack took the first; the outbox retries those itself, after looking for them.
   */
  constructor(
    private readonly client: webApi.WebClient,
    private readonly logger: Logger,
    options: ChannelPosterOptions = defaultChannelPosterOptions,
    private readonly unretried: webApi.WebClient = client,
  ) {
    this.queues = new Bottleneck.Group({ maxConcurrent: 1, minTime: options.minIntervalMs });
    this.queues.on('created', (queue: Bottleneck, channel: string) => {
      queue.on('failed', (error: unknown, job: Bottleneck.EventInfoRetryable) => {
        if (!(error instanceof webApi.WebAPIRateLimitedError) || job.retryCount >= options.maxRateLimitWaits) return undefined;
        this.logger.warn({ channel, retryAfterS: error.retryAfter, attempt: job.retryCount + 1 }, 'Slack rate-limited this channel; waiting Retry-After');
        return error.retryAfter * 1000;
      });
    });
  }

  schedule<T>(channel: string, job: () => Promise<T>): Promise<T> {
    return this.queues.key(channel).schedule(job);
  }

  /** `metadata` marks the message so it can be found again by findMarked (a sender that died before storing the ts). */
  async post(channel: string, message: SlackMessage, threadTs?: string, metadata?: MessageMetadata): Promise<PostedMessage> {
    return this.schedule(channel, () => this.postNow(channel, message, threadTs, metadata));
  }

  /** The ts of a message posted with this metadata key in `place`, or null. */
  async findMarked(place: PostPlace, eventType: string, key: readonly [string, string]): Promise<string | null> {
    return this.schedule(place.channel, () => findMarkedPost(this.client, place, eventType, key));
  }

  async attach(channel: string, threadTs: string, file: SlackFile): Promise<void> {
    await this.schedule(channel, () =>
      this.client.filesUploadV2({ channel_id: channel, thread_ts: threadTs, filename: file.filename, title: file.title, ...(typeof file.content === 'string' ? { content: file.content } : { file: file.content }) }),
    );
  }

  /** A message shown now and updated in place later; see LiveMessage. */
  live(channel: string, threadTs?: string): LiveMessage {
    return new LiveMessage(this, channel, threadTs);
  }

  /** Runs inside the channel's queue: callers go through `schedule`. */
  async postNow(channel: string, message: SlackMessage, threadTs?: string, metadata?: MessageMetadata): Promise<PostedMessage> {
    const answer = await (metadata ? this.unretried : this.client).chat.postMessage({
      channel,
      text: message.text,
      blocks: message.blocks,
      ...(threadTs ? { thread_ts: threadTs } : {}),
      ...(metadata ? { metadata: { event_type: metadata.event_type, event_payload: { ...metadata.event_payload } } } : {}),
    });
    if (!answer.ts) throw new Error('chat.postMessage answered without a ts');
    return { channel: answer.channel ?? channel, ts: answer.ts };
  }

  /** Runs inside the channel's queue: callers go through `schedule`. */
  async updateNow(posted: PostedMessage, message: SlackMessage): Promise<void> {
    await this.client.chat.update({ channel: posted.channel, ts: posted.ts, text: message.text, blocks: message.blocks });
  }

  async stop(): Promise<void> {
    await this.queues.disconnect(false);
  }
}

/**
 * One message that follows a command's progress. Updates that arrive while an earlier one waits in
 * the channel queue replace it, so a burst of node answers costs one chat.update, with the latest
 * state; the first call posts, later ones update that message.
 */
export class LiveMessage {
  private posted: PostedMessage | null = null;
  private pending: SlackMessage | null = null;
  private queued: Promise<void> | null = null;

  constructor(
    private readonly poster: ChannelPoster,
    private readonly channel: string,
    private readonly threadTs: string | undefined,
  ) {}

  get message(): PostedMessage | null {
    return this.posted;
  }

  /** True once anything was asked to be shown, even if it is still queued. */
  get started(): boolean {
    return this.posted !== null || this.queued !== null;
  }

  /** Resolves when this content, or a newer one, is on Slack. */
  show(message: SlackMessage): Promise<void> {
    this.pending = message;
    if (this.queued) return this.queued;
    // Kept across attempts: a job retried after a 429 must still carry its content.
    let content: SlackMessage | null = null;
    this.queued = this.poster.schedule(this.channel, async () => {
      if (this.pending) content = this.pending;
      this.pending = null;
      this.queued = null;
      if (!content) return;
      if (this.posted) await this.poster.updateNow(this.posted, content);
      else this.posted = await this.poster.postNow(this.channel, content, this.threadTs);
    });
    return this.queued;
  }
}
