import type { WorkerJobFunction } from '../analysis-worker/worker-job';
import { ToUtf8 } from '../logs/text-encoding';
import { LogAnalyzer, type LogAnalysis } from '../signatures/log-analyzer';
import type { InputReport } from './analysis-report';
import { analyzeInput } from './analyze-input';

/** A node's log (diagnose reads their tails): findings in any encoding, in one pass. */
export const analyzeLogChunks: WorkerJobFunction<Record<string, never>, LogAnalysis> = async (chunks) => {
  const analyzer = new LogAnalyzer();
  const utf8 = new ToUtf8();
  for await (const chunk of chunks) analyzer.push(utf8.push(chunk));
  analyzer.push(utf8.end());
  return analyzer.end();
};

/** One `rmq-bot analyze` input of unknown kind: a log, or pasted status / cluster_status output. */
export const analyzeInputChunks: WorkerJobFunction<{ readonly source: string }, InputReport> = (chunks, { source }) => analyzeInput(source, chunks);
