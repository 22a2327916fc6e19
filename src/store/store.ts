import type { EventDetails, EventKind } from './event-kinds';
import type { LogWatchStore } from './log-watch-state';
import type { LeaseFence, StepJournal } from './step-journal';
import type { SampleStore } from './sample-store';
import type { WatchStateStore } from './watch-state';

/**
 * The one door to durable state: button claims, the event log, leases and the step journal. Async,
 * with the same guarantees on every backend (SQLite for one process, PostgreSQL for several replicas);
 * never assume this process is the only one. Held to one contract suite (test/store/contract).
 */

/** The bot process holding a claim, and the person who pressed. */
export interface ClaimHolder {
  readonly by: string;
  /** The bot process (replica) that runs the action and renews the claim's lease. */
  readonly holder: string;
  readonly since: Date;
}

export type ActionClaim =
  /** This press runs the action; `takenOver` names the earlier press whose holder died. */
  | { readonly outcome: 'claimed'; readonly takenOver?: ClaimHolder }
  | ({ readonly outcome: 'running' } & ClaimHolder)
  /** The holder stopped renewing the claim (its process died) and the button has expired since. */
  | ({ readonly outcome: 'holder-died'; readonly leaseLapsedAt: Date } & ClaimHolder)
  | { readonly outcome: 'done'; readonly by: string; readonly at: Date; readonly summary: string }
  | { readonly outcome: 'expired'; readonly expiredAt: Date };

/** What is known about a claim without pressing: nothing, or one of the refusal outcomes. */
export type ClaimStatus = Exclude<ActionClaim, { outcome: 'claimed' } | { outcome: 'expired' }>;

export interface EventActor {
  readonly kind: 'user' | 'bot';
  readonly id: string;
}

interface EventEnvelope {
  readonly at: Date;
  readonly actor: EventActor;
  readonly cluster: string | null;
  readonly incident: string | null;
  /** Where it happened (Slack channel id, `console`), when it happened in a chat. */
  readonly channel: string | null;
  /** One line for people: timeline posts and listings show it as is. */
  readonly summary: string;
  /** A second append with the same key is a no-op: retries and duplicate deliveries record once. */
  readonly idempotencyKey: string;
}

export type NewEvent = { [K in EventKind]: EventEnvelope & { readonly kind: K; readonly details: EventDetails<K> } }[EventKind];
export type StoredEvent = NewEvent & { readonly id: number };

export interface AppendResult {
  readonly id: number;
  /** False when an event with the same idempotency key was already stored (and was kept as it was). */
  readonly appended: boolean;
}

export interface TimelineQuery {
  readonly channel?: string;
  readonly cluster?: string;
  readonly incident?: string;
  /** Page cursor: only events older than this id (a previous page's `nextBefore`). */
  readonly before?: number;
  readonly limit: number;
}

export interface TimelinePage {
  /** Newest first. */
  readonly events: readonly StoredEvent[];
  /** Pass as `before` for the next (older) page; null when this was the last. */
  readonly nextBefore: number | null;
}

export type LeaseAcquisition =
  /** `token` is greater than every token this lease handed out before. */
  | { readonly acquired: true; readonly token: number; readonly expiresAt: Date }
  | { readonly acquired: false; readonly holder: string; readonly token: number; readonly expiresAt: Date };

export interface PurgeResult {
  /** Spent button claims and replay-guard keys removed. */
  readonly claims: number;
}

export interface NewIncident {
  readonly id: string;
  readonly channel: string;
  readonly title: string;
  readonly openedBy: string;
  readonly openedAt: Date;
}

export interface Incident extends NewIncident {
  readonly closedAt: Date | null;
  /** The Slack ts of the incident's root message, once the outbox posted it. */
  readonly rootTs: string | null;
}

export interface OpenIncidentResult {
  /** The channel's open incident: the new one, or the one already open there. */
  readonly incident: Incident;
  readonly opened: boolean;
}

/** One Slack message of the timeline: one event, or a burst of alike events counted in one message. */
export interface TimelinePost {
  readonly postKey: string;
  /** Events with the same key close together in time extend one post instead of adding one. */
  readonly coalesceKey: string;
  readonly channel: string;
  readonly ts: string;
  readonly threadTs: string | null;
  readonly firstEventId: number;
  readonly lastEventId: number;
  readonly count: number;
  readonly firstAt: Date;
  readonly lastAt: Date;
}

/** A new post between "about to call chat.postMessage" and "its ts is stored". */
export interface PendingPost extends Omit<TimelinePost, 'ts'> {
  /** Sent in the message's metadata, with the post key, so the post can be found in the channel. */
  readonly attemptId: string;
  readonly startedAt: Date;
  /** The incident whose root message this is, if it is one. */
  readonly rootOf: string | null;
}

export interface Store extends StepJournal, WatchStateStore, LogWatchStore, SampleStore {
  /** Resolves once the store is migrated and usable; rejects with the reason it is not. */
  opened(): Promise<void>;
  /**
   * Claims one press of a button identified by `key` (unique per rendered button). Exactly one caller
   * across all replicas gets `claimed`; the others learn whether it is running, done or expired. A
   * running claim whose holder stopped renewing its lease is taken over by the next press while the
   * button is valid (`expiresAt` is when it stops being valid).
   */
  claimAction(key: string, by: string, now: Date, expiresAt: Date): Promise<ActionClaim>;
  getClaim(key: string, now: Date): Promise<ClaimStatus | null>;
  /**
   * Records a one-shot key (a Slack request signature) until `expiresAt`; true the first time across
   * all replicas, false for every repeat. Unlike a claim it is spent at once: nothing can take it over.
   */
  markSeen(key: string, now: Date, expiresAt: Date): Promise<boolean>;
  finishAction(key: string, now: Date, summary: string): Promise<void>;
  /** Lets a button be pressed again after its run failed to start. */
  releaseAction(key: string): Promise<void>;

  appendEvent(event: NewEvent): Promise<AppendResult>;
  listTimeline(query: TimelineQuery): Promise<TimelinePage>;

  /** Takes the named lease when it is free or lapsed; the holder's own live lease is extended, same token. */
  acquireLease(name: string, holder: string, ttlMs: number, now: Date): Promise<LeaseAcquisition>;
  /** Extends a held lease; false when it lapsed or another holder has it since. */
  renewLease(name: string, holder: string, token: number, ttlMs: number, now: Date): Promise<boolean>;
  releaseLease(name: string, holder: string, token: number): Promise<boolean>;

  /** Oldest first, events with an id after `afterId`: the outbox's reading order. */
  listEventsAfter(afterId: number, limit: number): Promise<StoredEvent[]>;

  /** Opens an incident unless its channel already has an open one (then that one is returned). */
  openIncident(incident: NewIncident): Promise<OpenIncidentResult>;
  closeIncident(id: string, at: Date): Promise<Incident | null>;
  getIncident(id: string): Promise<Incident | null>;
  openIncidentIn(channel: string): Promise<Incident | null>;
  /** Newest first; every channel when none is given. */
  listIncidents(channel?: string): Promise<Incident[]>;
  setIncidentRoot(id: string, rootTs: string): Promise<void>;
  getPost(postKey: string): Promise<TimelinePost | null>;
  /** The newest post of `coalesceKey` whose last event is at or after `since`. */
  latestPost(coalesceKey: string, since: Date): Promise<TimelinePost | null>;
  /** Records or extends a post, and clears its pending row; false (nothing written) when `fence` is no longer the lease's current token. */
  savePost(post: TimelinePost, fence: LeaseFence): Promise<boolean>;
  /** Records that a new post is about to be sent; false when `fence` is stale. */
  markSending(post: PendingPost, fence: LeaseFence): Promise<boolean>;
  /** Posts left pending by a sender that died (or failed) before storing their ts, oldest first. */
  listSending(): Promise<PendingPost[]>;
  /** Forgets a pending post that never reached Slack, so it is sent again; false when `fence` is stale. */
  dropSending(postKey: string, fence: LeaseFence): Promise<boolean>;
  /** The id of the last event the named outbox has delivered (0 before the first). */
  outboxCursor(name: string): Promise<number>;
  /** Moves the cursor forward (never back); false when `fence` is stale. */
  advanceOutbox(name: string, lastEventId: number, fence: LeaseFence): Promise<boolean>;

  /** Removes claims (and replay-guard keys) whose buttons expired more than `retainMs` ago and that nobody is running. */
  purge(now: Date, retainMs: number): Promise<PurgeResult>;

  /** Runs `fn` against this store in one transaction (retried whole on PostgreSQL serialization failures). */
  transaction<T>(fn: (store: Store) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}
