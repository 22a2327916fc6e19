import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { ChunkRing } from './chunk-ring';
import { allowedMs, DEFAULT_WORK_BUDGET, type FileSource, type FromWorker, type ToWorker, type WorkBudget, type WorkerJob, type WorkOutcome } from './worker-job';

/**
 * The sources are TypeScript, loaded by bin/register-ts.js under `bin/rmq-bot.js` and by swc under
 * jest; a worker thread gets neither, so it registers the same cached compile before loading its
 * entry. Resolved here, from the package, so it works from any working directory.
 */
const BOOTSTRAP = `require(${JSON.stringify(join(__dirname, '..', '..', 'bin', 'register-ts.js'))}); require(${JSON.stringify(join(__dirname, 'worker-main.ts'))});`;

/** Compiling and loading the job's modules is not the input's cost: it gets its own, generous, deadline. */
const STARTUP_MS = 30_000;
/** Chunks sent ahead of what the worker has taken: enough to keep it busy, bounded memory. */
const MAX_IN_FLIGHT = 2;
/** Slots for lent chunks: those in flight and the one the job is reading. */
const RING_SLOTS = MAX_IN_FLIGHT + 2;
const CHECK_EVERY_MS = 50;
const MB = 1024 * 1024;
/** A worker that finished its job waits this long for the next one: starting one costs tens of ms. */
const IDLE_MS = 5_000;

interface IdleWorker {
  readonly worker: Worker;
  readonly memoryMb: number;
  readonly timer: NodeJS.Timeout;
}

/** At most one finished, healthy worker is kept; a stopped or failed one is never reused. */
let idle: IdleWorker | null = null;

const takeWorker = (memoryMb: number): Worker => {
  const kept = idle;
  idle = null;
  if (kept !== null) {
    clearTimeout(kept.timer);
    if (kept.memoryMb === memoryMb) return kept.worker;
    void kept.worker.terminate();
  }
  // A small young generation: chunk Buffers die young and each scavenge frees their memory, which
  // lives outside the heap, so the heap limit alone would let megabytes of them pile up.
  const worker = new Worker(BOOTSTRAP, { eval: true, resourceLimits: { maxOldGenerationSizeMb: memoryMb, maxYoungGenerationSizeMb: 4 } });
  worker.unref();
  return worker;
};

const keepWorker = (worker: Worker, memoryMb: number): void => {
  if (idle !== null) void idle.worker.terminate();
  const timer = setTimeout(() => {
    if (idle?.worker === worker) idle = null;
    void worker.terminate();
  }, IDLE_MS);
  timer.unref();
  idle = { worker, memoryMb, timer };
};

export interface WorkOptions {
  readonly budget?: WorkBudget;
  /** Input size when known up front (a file, a string); streams of unknown size earn time as they are read. */
  readonly totalBytes?: number | null;
  /** Told the bytes the job has taken so far, as it takes them (a file read by the worker: every few ms): for progress. */
  readonly onTaken?: (bytes: number) => void;
}

type WorkInput = Buffer | string | AsyncIterable<Buffer> | FileSource;

const isFileSource = (input: WorkInput): input is FileSource => typeof input === 'object' && !Buffer.isBuffer(input) && 'path' in input;

const toChunks = (input: Exclude<WorkInput, FileSource>): AsyncIterable<Buffer> =>
  typeof input === 'string' || Buffer.isBuffer(input)
    ? (async function* single() {
        yield typeof input === 'string' ? Buffer.from(input, 'utf8') : input;
      })()
    : input;

/**
 * Runs `job` over `input` in a fresh worker thread with a heap limit and a deadline, and always
 * settles: with the job's result, with what was read when a budget ran out (the worker is then
 * terminated wherever it was, a regex included), or with why it failed.
 */
export async function runInWorker<Params, Result>(
  job: WorkerJob<Params, Result>,
  params: Params,
  input: WorkInput,
  options: WorkOptions = {},
): Promise<WorkOutcome<Result>> {
  const budget = options.budget ?? DEFAULT_WORK_BUDGET;
  const totalBytes = options.totalBytes ?? (typeof input === 'string' ? Buffer.byteLength(input) : Buffer.isBuffer(input) ? input.length : null);
  const worker = takeWorker(budget.memoryMb);

  let sent = 0;
  let taken = 0;
  /** Time the worker spent with work in hand; waiting for input to arrive is not its cost. */
  let busyMs = 0;
  let busySince: number | null = null;
  let endSent = false;
  let wakeSender: (() => void) | null = null;
  let ready = false;
  /** The file the worker was to read failed: thrown to the caller, as a failed stream is. */
  let unreadable: Error | null = null;

  const markBusy = () => {
    const hasWork = sent > taken || endSent;
    if (hasWork && busySince === null) busySince = performance.now();
    if (!hasWork && busySince !== null) {
      busyMs += performance.now() - busySince;
      busySince = null;
    }
  };

  const outcome = new Promise<WorkOutcome<Result>>((resolve) => {
    const overBudget = (limit: 'time' | 'memory'): WorkOutcome<Result> => ({
      kind: 'over-budget',
      limit,
      budget: limit === 'time' ? `${(allowedMs(budget, totalBytes ?? sent) / 1000).toFixed(1)} s` : `${budget.memoryMb} MB`,
      bytesRead: taken,
      totalBytes,
    });
    let done = false;
    const settle = (result: WorkOutcome<Result>) => {
      if (done) return;
      done = true;
      clearInterval(timer);
      clearTimeout(startup);
      wakeSender?.();
      resolve(result);
      // Only this job's listeners: Worker's own (which start and stop its message port) must stay.
      worker.off('message', onMessage).off('error', onError).off('exit', onExit);
      if (result.kind === 'done') keepWorker(worker, budget.memoryMb);
      else void worker.terminate();
    };
    const startup = setTimeout(() => settle({ kind: 'failed', reason: `the analysis worker did not start within ${STARTUP_MS / 1000} s` }), STARTUP_MS);
    const timer = setInterval(() => {
      if (!ready) return;
      const spent = busyMs + (busySince === null ? 0 : performance.now() - busySince);
      if (spent > allowedMs(budget, totalBytes ?? sent)) settle(overBudget('time'));
    }, CHECK_EVERY_MS);
    const onMessage = (message: FromWorker) => {
      if (message.type === 'started') {
        // The clock starts now: time spent loading the job's modules is not the input's.
        ready = true;
        clearTimeout(startup);
        busyMs = 0;
        busySince = busySince === null ? null : performance.now();
      } else if (message.type === 'taken') {
        taken = message.bytes;
        options.onTaken?.(taken);
        markBusy();
        wakeSender?.();
      } else if (message.type === 'done') settle({ kind: 'done', value: message.value as Result });
      else {
        if (message.type === 'unreadable') unreadable = new Error(message.reason);
        settle({ kind: 'failed', reason: message.reason });
      }
    };
    const onError = (error: Error & { code?: string }) =>
      settle(error.code === 'ERR_WORKER_OUT_OF_MEMORY' ? overBudget('memory') : { kind: 'failed', reason: error.message });
    const onExit = (code: number) => settle({ kind: 'failed', reason: `the analysis worker exited (code ${code})` });
    worker.on('message', onMessage).on('error', onError).on('exit', onExit);
  });

  let settled = false;
  void outcome.then(() => (settled = true));
  const post = (message: ToWorker, transfer: ArrayBuffer[] = []) => worker.postMessage(message, transfer);
  const file = isFileSource(input) ? input : null;
  const chunks = isFileSource(input) ? null : toChunks(input);
  const ring = job.borrowsChunks === true && chunks !== null ? new ChunkRing(RING_SLOTS, MB) : null;
  post({ type: 'start', module: job.module, exportName: job.exportName, params, ring: ring === null ? null : { shared: ring.shared, slotBytes: ring.slotBytes }, file });
  const waitForTaken = () => new Promise<void>((resolve) => (wakeSender = resolve));

  const feed = async () => {
    if (chunks === null) {
      // The worker reads the file: it has all its work in hand from the start.
      endSent = true;
      markBusy();
      return;
    }
    for await (const chunk of chunks) {
      if (settled) return;
      if (ring !== null && ring.fits(chunk)) {
        while (!settled && taken < ring.nextFreeAt) await waitForTaken();
        if (settled) return;
        sent += chunk.length;
        markBusy();
        post({ type: 'lent-chunk', slot: ring.put(chunk, sent), length: chunk.length });
        while (!settled && sent - taken > MAX_IN_FLIGHT * MB) await waitForTaken();
        continue;
      }
      // Handed over without a copy when the chunk owns its whole ArrayBuffer (file reads do);
      // copied when it shares one (Buffer's pool, a caller's string), which must not be detached.
      const owned = chunk.byteOffset === 0 && chunk.byteLength === chunk.buffer.byteLength && !(typeof input === 'string' || Buffer.isBuffer(input));
      const bytes = owned ? new Uint8Array(chunk.buffer, 0, chunk.byteLength) : new Uint8Array(chunk);
      sent += bytes.length;
      markBusy();
      post({ type: 'chunk', bytes }, [bytes.buffer as ArrayBuffer]);
      while (!settled && sent - taken > MAX_IN_FLIGHT * Math.max(chunk.length, MB)) await waitForTaken();
    }
    if (settled) return;
    endSent = true;
    markBusy();
    post({ type: 'end' });
  };
  try {
    await Promise.race([feed(), outcome]);
  } catch (error) {
    // The input itself failed (a read error): the worker has nothing more to do.
    void worker.terminate();
    throw error;
  }
  const result = await outcome;
  if (unreadable !== null) throw unreadable;
  return result;
}
