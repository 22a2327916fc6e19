import { formatBytes } from '../reply/format';
import type { WorkOutcome } from './worker-job';

/** What an analysis that did not finish read, and why it stopped, in one sentence. */
export const describeUnfinished = (outcome: Exclude<WorkOutcome<unknown>, { kind: 'done' }>): string => {
  if (outcome.kind === 'failed') return `analysis failed: ${outcome.reason}`;
  const read = outcome.totalBytes === null ? formatBytes(outcome.bytesRead) : `${formatBytes(outcome.bytesRead)} of ${formatBytes(outcome.totalBytes)}`;
  const limit = outcome.limit === 'time' ? `its time budget (${outcome.budget})` : `its memory budget (${outcome.budget})`;
  return `analysis stopped at ${limit} after reading ${read}; the input holds text too costly to analyze (a crafted or corrupted record?), so nothing from it is reported`;
};
