import type { WorkerJob } from '../analysis-worker/worker-job';
import type { LogAnalysis } from '../signatures/log-analyzer';
import type { InputReport } from './analysis-report';

/**
 * The log jobs, named by path: resolving the module does not load it, so the thread that hands the
 * work out never loads the catalog and the scanner only the worker runs (start-up time of every `analyze`).
 */
const JOBS_MODULE = require.resolve('./log-job-functions');

// Both read each chunk through and keep copies only (the scanner's window, the model sample).
export const logAnalysisJob: WorkerJob<Record<string, never>, LogAnalysis> = { module: JOBS_MODULE, exportName: 'analyzeLogChunks', borrowsChunks: true };
export const inputAnalysisJob: WorkerJob<{ readonly source: string }, InputReport> = { module: JOBS_MODULE, exportName: 'analyzeInputChunks', borrowsChunks: true };
