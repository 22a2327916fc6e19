import { describeUnfinished } from '../analysis-worker/describe-unfinished';
import { runInWorker } from '../analysis-worker/run-in-worker';
import type { FileSource } from '../analysis-worker/worker-job';
import type { InputReport } from './analysis-report';
import { failedInput } from './failed-input';
import { inputAnalysisJob } from './log-jobs';

/**
 * One input given by the user (a file, standard input, a file of a support bundle) analyzed in the
 * analysis worker within its budget. An input that ran out of budget is a report saying what was
 * read and why it stopped; a read error of the input itself (a stream's, or a file the worker reads) is thrown, as the caller words it.
 */
export const analyzeInWorker = async (
  source: string,
  input: AsyncIterable<Buffer> | FileSource,
  totalBytes: number | null,
  onTaken?: (bytes: number) => void,
): Promise<InputReport> => {
  const outcome = await runInWorker(inputAnalysisJob, { source }, input, { totalBytes, ...(onTaken === undefined ? {} : { onTaken }) });
  return outcome.kind === 'done' ? outcome.value : failedInput(source, describeUnfinished(outcome));
};
