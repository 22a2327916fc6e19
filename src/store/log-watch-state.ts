import type { LeaseFence } from './step-journal';

/**
 * Where watch mode stopped reading each node's log, kept in the store so a replica that takes the
 * watch lease over continues from the same byte instead of reading again or skipping.
 */
export interface LogWatchRecord {
  readonly cluster: string;
  readonly node: string;
  /** The file's inode as a decimal string, its size when last read, and the next byte to read. */
  readonly inode: string;
  readonly size: number;
  readonly offset: number;
  /** Watch mode's memory of the signatures it already reported on this node, as it serialized it. */
  readonly seen: string;
  readonly updatedAt: Date;
}

export type SaveLogWatchResult = { readonly saved: true } | { readonly saved: false; readonly reason: 'stale-fence'; readonly currentToken: number };

export interface LogWatchStore {
  getLogWatch(cluster: string, node: string): Promise<LogWatchRecord | null>;
  /** Writes the node's read position under the lease it was read under; refused once another replica holds it. */
  saveLogWatch(record: LogWatchRecord, fence: LeaseFence): Promise<SaveLogWatchResult>;
}
