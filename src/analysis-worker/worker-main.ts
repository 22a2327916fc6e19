import { closeSync, openSync, readSync } from 'node:fs';
import { parentPort } from 'node:worker_threads';
import type { FileSource, FromWorker, LentSlots, ToWorker, WorkerJobFunction } from './worker-job';

/**
 * The worker thread's side: runs one job at a time. It loads the job's module, says `started`
 * (the budget clock starts there), hands the job the chunks as they arrive, and after each chunk
 * the job takes says how many bytes it has taken: flow control, and the record of what was read
 * if the main thread has to stop it.
 */
const port = parentPort;
if (port === null) throw new Error('worker-main must run in a worker thread');

const send = (message: FromWorker): void => port.postMessage(message);

let queued: Buffer[] = [];
let ended = false;
let wake: (() => void) | null = null;

async function* incoming(): AsyncGenerator<Buffer> {
  let taken = 0;
  for (;;) {
    const next = queued.shift();
    if (next !== undefined) {
      yield next;
      taken += next.length;
      send({ type: 'taken', bytes: taken });
    } else if (ended) {
      return;
    } else {
      await new Promise<void>((resolve) => (wake = resolve));
    }
  }
}

/**
 * How often a worker reading a file says how far it has got. Per chunk, as for sent chunks, would
 * be a message per megabyte that no one waits on: nothing flows back-pressured from a file.
 */
const TAKEN_EVERY_MS = 25;

/** A file read here, chunk by chunk into one buffer: each chunk is valid until the job asks for the next (borrowed). */
async function* fileChunks(file: FileSource): AsyncGenerator<Buffer> {
  // Said before the job sees the error, so the caller learns its input failed, not the analysis.
  const readable = <T>(io: () => T): T => {
    try {
      return io();
    } catch (error) {
      send({ type: 'unreadable', reason: error instanceof Error ? error.message : String(error) });
      throw error;
    }
  };
  const fd = readable(() => openSync(file.path, 'r'));
  try {
    const buffer = Buffer.allocUnsafeSlow(file.chunkBytes);
    const readChunk = () => readable(() => readSync(fd, buffer, 0, buffer.length, null));
    let taken = 0;
    let toldAt = performance.now();
    for (let read = readChunk(); read > 0; read = readChunk()) {
      yield buffer.subarray(0, read);
      taken += read;
      if (performance.now() - toldAt >= TAKEN_EVERY_MS) {
        send({ type: 'taken', bytes: taken });
        toldAt = performance.now();
      }
    }
    send({ type: 'taken', bytes: taken });
  } finally {
    closeSync(fd);
  }
}

const start = async (module: string, exportName: string, params: unknown, file: FileSource | null): Promise<void> => {
  try {
    // Loaded by path at run time, so the worker depends on no job; bin/register-ts.js compiles it (see run-in-worker).
    const loaded = require(module) as Record<string, unknown>;
    const run = loaded[exportName] as WorkerJobFunction<unknown, unknown> | undefined;
    if (typeof run !== 'function') throw new Error(`${module} exports no job named ${exportName}`);
    send({ type: 'started' });
    const value = await run(file === null ? incoming() : fileChunks(file), params);
    send({ type: 'done', value });
  } catch (error) {
    send({ type: 'failed', reason: error instanceof Error ? error.message : String(error) });
  }
};

let ring: LentSlots | null = null;

port.on('message', (message: ToWorker) => {
  if (message.type === 'start') {
    queued = [];
    ended = false;
    ring = message.ring;
    void start(message.module, message.exportName, message.params, message.file);
  } else if (message.type === 'chunk') {
    queued.push(Buffer.from(message.bytes.buffer, message.bytes.byteOffset, message.bytes.byteLength));
  } else if (message.type === 'lent-chunk') {
    if (ring === null) throw new Error('a lent chunk arrived for a job started without shared slots');
    queued.push(Buffer.from(ring.shared, message.slot * ring.slotBytes, message.length));
  } else {
    ended = true;
  }
  wake?.();
  wake = null;
});
