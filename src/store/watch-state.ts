import type { LeaseFence } from './step-journal';

/**
 * What watch mode keeps between polls and across replicas: whether it is on, and the last snapshots
 * of each cluster (the newest is what the next poll diffs against; older ones stay for the postmortem).
 * Implemented by every store backend; held to the store contract suite.
 */

export interface WatchSwitch {
  readonly on: boolean;
  readonly by: string;
  readonly at: Date;
}

export interface WatchSnapshotRecord {
  readonly cluster: string;
  /** Grows by one per poll of the cluster, across leaders: the diff of poll N is keyed by N. */
  readonly seq: number;
  readonly takenAt: Date;
  /** The snapshot and watch mode's own state, as the watch service serialized them. */
  readonly body: string;
}

export type SaveWatchSnapshotResult =
  | { readonly saved: true }
  /** A poll with this sequence number was saved already (a retry, or a leader that replaced this one). */
  | { readonly saved: false; readonly reason: 'already-saved' }
  | { readonly saved: false; readonly reason: 'stale-fence'; readonly currentToken: number };

export interface WatchStateStore {
  /** Null until someone turned watch mode on or off. */
  getWatchSwitch(): Promise<WatchSwitch | null>;
  setWatchSwitch(value: WatchSwitch): Promise<void>;
  /** Saves a poll's snapshot under the lease it was taken under, then keeps only the newest `keep` of the cluster. */
  saveWatchSnapshot(record: WatchSnapshotRecord, fence: LeaseFence, keep: number): Promise<SaveWatchSnapshotResult>;
  /** The newest snapshots of a cluster, newest first. */
  listWatchSnapshots(cluster: string, limit: number): Promise<readonly WatchSnapshotRecord[]>;
}
