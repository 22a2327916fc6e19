/**
 * The one door to durable state (button claims now; runbooks, approvals and the timeline next).
 * Async, and every write is a single portable SQL statement, so a PostgreSQL implementation can
 * serve several bot replicas without changing callers. Never assume this process is the only one.
 */
export type ActionClaim =
  | { readonly outcome: 'claimed' }
  | { readonly outcome: 'running'; readonly by: string; readonly since: Date }
  | { readonly outcome: 'done'; readonly by: string; readonly at: Date; readonly summary: string }
  | { readonly outcome: 'expired'; readonly expiredAt: Date };

export interface TimelineEntry {
  readonly channel: string;
  readonly at: Date;
  readonly actor: string;
  /** `command`, `action`, `finding`, … */
  readonly kind: string;
  readonly summary: string;
}

export interface Store {
  /**
   * Claims one press of a button identified by `key` (unique per rendered button). Exactly one
   * caller across all replicas gets `claimed`; the others learn whether it is running, done or
   * expired. `expiresAt` is when the button stops being valid.
   */
  claimAction(key: string, by: string, now: Date, expiresAt: Date): Promise<ActionClaim>;
  finishAction(key: string, now: Date, summary: string): Promise<void>;
  /** Lets a button be pressed again after its run failed to start or crashed. */
  releaseAction(key: string): Promise<void>;
  appendTimeline(entry: TimelineEntry): Promise<void>;
  listTimeline(channel: string, limit: number): Promise<readonly TimelineEntry[]>;
  close(): Promise<void>;
}
