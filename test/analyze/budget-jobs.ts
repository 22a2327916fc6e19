import type { WorkerJob, WorkerJobFunction } from '../../src/analysis-worker/worker-job';

/**
 * Jobs that behave like the worst inputs, for testing the budgets themselves: one that takes a
 * chunk and then never returns to the event loop (a regex stuck in backtracking), one that keeps
 * allocating (a record that grows without bound).
 */
export const stallAfterFirstChunk: WorkerJobFunction<Record<string, never>, never> = async (chunks) => {
  let seen = 0;
  for await (const chunk of chunks) {
    seen += chunk.length;
    if (seen > chunk.length) for (;;) seen += 1;
  }
  throw new Error('the input ended before the job stalled');
};

export const allocateForever: WorkerJobFunction<Record<string, never>, never> = async (chunks) => {
  const held: string[][] = [];
  for await (const chunk of chunks) for (;;) held.push(new Array<string>(1_000_000).fill(chunk.toString('latin1', 0, 16)));
  throw new Error('unreachable: the heap limit ends this job');
};

export const stallJob: WorkerJob<Record<string, never>, never> = { module: __filename, exportName: 'stallAfterFirstChunk' };
export const allocateJob: WorkerJob<Record<string, never>, never> = { module: __filename, exportName: 'allocateForever' };
