import type { WorkerJob, WorkerJobFunction } from '../analysis-worker/worker-job';
import { ToUtf8 } from '../logs/text-encoding';
import { analyzeLogText } from '../signatures/log-analyzer';
import { cleanLogForChat } from './clean-log-for-chat';
import { tallySignatures, type SignatureTally } from './log-excerpt';

/** What `/rmq logs` shows of an excerpt: its signature tally and its cleaned text. */
export interface ExcerptAnalysis {
  readonly tallies: readonly SignatureTally[];
  readonly cleaned: string;
}

/**
 * Runs in the analysis worker: the excerpt is text from a node (partly written by clients), so
 * matching, redaction and cleaning all happen where a costly line can only cost its budget.
 */
export const analyzeExcerptChunks: WorkerJobFunction<Record<string, never>, ExcerptAnalysis> = async (chunks) => {
  const utf8 = new ToUtf8();
  const parts: Buffer[] = [];
  for await (const chunk of chunks) parts.push(utf8.push(chunk));
  parts.push(utf8.end());
  const text = Buffer.concat(parts).toString('utf8');
  return { tallies: tallySignatures(analyzeLogText(text).findings), cleaned: cleanLogForChat(text) };
};

export const excerptAnalysisJob: WorkerJob<Record<string, never>, ExcerptAnalysis> = { module: __filename, exportName: 'analyzeExcerptChunks' };
