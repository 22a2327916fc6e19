/**
 * Work on text from outside (a node's log, a paste, standard input) that runs in a worker thread,
 * so a costly input can only cost its own budget, never the event loop that acks Slack.
 *
 * A job is a function exported by a module; the worker loads that module by path, so the worker
 * knows no job and no job module knows the worker. `run` receives the input as chunks.
 */
export interface WorkerJob<Params, Result> {
  /** Absolute path of the module (its `__filename`). */
  readonly module: string;
  /** Name of the exported `WorkerJobFunction`. */
  readonly exportName: string;
  /**
   * The job reads each chunk before it asks for the next and keeps no reference to it, so chunks
   * can be lent from shared memory that later chunks reuse (see chunk-ring.ts).
   */
  readonly borrowsChunks?: boolean;
  /** Phantom fields: they only carry the types. */
  readonly params?: Params;
  readonly result?: Result;
}

export type WorkerJobFunction<Params, Result> = (chunks: AsyncIterable<Buffer>, params: Params) => Promise<Result>;

/** Time and memory one input may cost. */
export interface WorkBudget {
  /** Fixed time allowance, plus `msPerMb` for each megabyte of input. */
  readonly baseMs: number;
  readonly msPerMb: number;
  /** The worker's V8 heap (old generation) limit. */
  readonly memoryMb: number;
}

/**
 * Ordinary logs scan at hundreds of MB/s; 4 MB/s with two seconds of slack is a budget no honest
 * input comes near, and one a crafted input hits within seconds instead of minutes.
 */
export const DEFAULT_WORK_BUDGET: WorkBudget = { baseMs: 2_000, msPerMb: 250, memoryMb: 128 };

export const allowedMs = (budget: WorkBudget, bytes: number): number => budget.baseMs + (budget.msPerMb * bytes) / (1024 * 1024);

export type WorkOutcome<Result> =
  | { readonly kind: 'done'; readonly value: Result }
  | {
      readonly kind: 'over-budget';
      readonly limit: 'time' | 'memory';
      /** The budget that was hit, in words ("2.3 s", "128 MB"). */
      readonly budget: string;
      /** Input bytes the job had fully taken in when it was stopped. */
      readonly bytesRead: number;
      /** Input bytes in all, when known. */
      readonly totalBytes: number | null;
    }
  | { readonly kind: 'failed'; readonly reason: string };

/**
 * A file the worker reads itself, in chunks of `chunkBytes` read into one reused buffer: the bytes
 * then cross no thread and are copied once less than lent chunks (a large log's biggest cost after the scan).
 */
export interface FileSource {
  readonly path: string;
  readonly chunkBytes: number;
}

/** The shared slots lent chunks arrive in. */
export interface LentSlots {
  readonly shared: SharedArrayBuffer;
  readonly slotBytes: number;
}

/** Messages between the two threads. */
export type ToWorker =
  | { readonly type: 'start'; readonly module: string; readonly exportName: string; readonly params: unknown; readonly ring: LentSlots | null; readonly file: FileSource | null }
  | { readonly type: 'chunk'; readonly bytes: Uint8Array }
  /** A chunk in slot `slot` of the start message's ring, valid until the job asks for the next chunk. */
  | { readonly type: 'lent-chunk'; readonly slot: number; readonly length: number }
  | { readonly type: 'end' };

export type FromWorker =
  | { readonly type: 'started' }
  | { readonly type: 'taken'; readonly bytes: number }
  | { readonly type: 'done'; readonly value: unknown }
  | { readonly type: 'failed'; readonly reason: string }
  /** The file of a FileSource could not be read: the caller's input failed, not the job. */
  | { readonly type: 'unreadable'; readonly reason: string };
