import type { Store } from '../../store/store';

/**
 * Bolt checks a request's signature and its age (5 minutes) but accepts the same signed request
 * any number of times within that window. This guard remembers each accepted request by what Slack
 * signed (timestamp and body), never by its URL, which can be spelled many ways for one route, until
 * its timestamp is too old for the gate anyway. It records through the Store's claim, the one state shared
 * by replicas, so a request replayed to another replica is refused too.
 */
export class ReplayGuard {
  static readonly windowMs = 5 * 60 * 1000;

  constructor(private readonly store: Store) {}

  /** True the first time a signed request is seen; false for every replay. */
  async firstSighting(replayKey: string, timestampSeconds: number, now: Date): Promise<boolean> {
    // A small margin past Bolt's window covers clock skew between replicas.
    const expiresAt = new Date(timestampSeconds * 1000 + ReplayGuard.windowMs + 60_000);
    return this.store.markSeen(`slack-request:${replayKey}`, now, expiresAt);
  }
}
