import { findSignature } from '../signatures/catalog';
import { collectClusterFindings } from '../signatures/cluster-signatures';
import { FindingCollector } from '../signatures/finding-collector';
import { ToUtf8 } from '../logs/text-encoding';
import { analyzeLogText, LogAnalyzer } from '../signatures/log-analyzer';
import { inTimeOrder } from '../logs/newest-first';
import type { Finding } from '../signatures/finding';
import { remediationLink } from '../signatures/remediation-link';
import { collectStatusFindings } from '../signatures/status-signatures';
import type { InputKind, InputReport } from './analysis-report';
import { hasNodeFacts, looksBinary, looksLikeLog } from './classify-sample';
import { failedInput, PROBLEM_MESSAGES } from './failed-input';
import { clusterReport, statusReport } from './model-reports';

/**
 * The status parsers (and zod under them) load only for an input small enough to be pasted
 * output: for a big log they would add most of a second of start-up to every worker and parse nothing.
 */
const statusParsers = (): { parseStatus: typeof import('../rabbit/parse-status').parseStatus; parseClusterStatus: typeof import('../rabbit/parse-cluster-status').parseClusterStatus } => ({
  parseStatus: (require('../rabbit/parse-status') as typeof import('../rabbit/parse-status')).parseStatus,
  parseClusterStatus: (require('../rabbit/parse-cluster-status') as typeof import('../rabbit/parse-cluster-status')).parseClusterStatus,
});

/**
 * Pasted status output is small; anything bigger than this is analyzed as a log only, so the text
 * of a 200 MB log is never held in memory to try the status parsers on it.
 */
const MODEL_SAMPLE_BYTES = 1024 * 1024;


/** The finding as the contract carries it, with where to read what to do about it. */
const withRemediation = (finding: Finding): InputReport['findings'][number] => {
  const signature = findSignature(finding.signature);
  return { ...finding, subject: { ...finding.subject }, ...(signature === undefined ? {} : { remediation: remediationLink(signature) }) };
};

/**
 * Analyzes one input of unknown kind in one pass: every chunk goes through the log scanner, and
 * the first megabyte is also kept to try the status and cluster_status parsers on when the whole
 * input fits in it.
 */
export const analyzeInput = async (source: string, chunks: AsyncIterable<Buffer>): Promise<InputReport> => {
  const analyzer = new LogAnalyzer();
  const utf8 = new ToUtf8();
  const sampleParts: Buffer[] = [];
  let sampleBytes = 0;
  let checkedBinary = false;
  /** False when the input turned out binary. */
  const take = (chunk: Buffer): boolean => {
    if (chunk.length === 0) return true;
    if (sampleBytes < MODEL_SAMPLE_BYTES + 1) {
      // A copy: the chunk's memory is lent and reused once the next chunk is asked for.
      sampleParts.push(Buffer.from(chunk.subarray(0, MODEL_SAMPLE_BYTES + 1 - sampleBytes)));
      sampleBytes += Math.min(chunk.length, MODEL_SAMPLE_BYTES + 1 - sampleBytes);
    }
    if (!checkedBinary) {
      if (looksBinary(chunk.subarray(0, 64 * 1024))) return false;
      checkedBinary = true;
    }
    analyzer.push(chunk);
    return true;
  };
  for await (const chunk of chunks) if (!take(utf8.push(chunk))) return failedInput(source, PROBLEM_MESSAGES.binary);
  if (!take(utf8.end())) return failedInput(source, PROBLEM_MESSAGES.binary);
  const streamed = analyzer.end();
  if (streamed.bytes === 0) return failedInput(source, PROBLEM_MESSAGES.empty);

  const sample = Buffer.concat(sampleParts).toString('utf8');
  // A paste small enough to hold is read again in time order when it came newest first.
  const ordered = sampleBytes <= MODEL_SAMPLE_BYTES ? inTimeOrder(sample) : null;
  const log = ordered?.reversed === true ? analyzeLogText(ordered.text) : streamed;
  const models = new FindingCollector();
  const parsers = sampleBytes <= MODEL_SAMPLE_BYTES ? statusParsers() : null;
  const status = parsers?.parseStatus(sample) ?? null;
  const cluster = parsers?.parseClusterStatus(sample) ?? null;
  const parsedStatus = status?.kind === 'parsed' && hasNodeFacts(status.status) ? status.status : null;
  const parsedCluster = cluster?.kind === 'parsed' ? cluster.view : null;
  if (parsedStatus !== null) collectStatusFindings(parsedStatus, models);
  if (parsedCluster !== null) collectClusterFindings(parsedCluster, models);

  const kind: InputKind =
    parsedStatus !== null ? 'status'
    : parsedCluster !== null ? 'cluster_status'
    : log.findings.length > 0 || looksLikeLog(sample) ? 'log'
    : 'unknown';
  return {
    source,
    kind,
    status: parsedStatus === null ? null : statusReport(parsedStatus),
    cluster: parsedCluster === null ? null : clusterReport(parsedCluster),
    findings: [...models.findings(), ...log.findings].map(withRemediation),
    ...(utf8.encoding === null || utf8.encoding === 'utf-8' ? {} : { encoding: utf8.encoding }),
  };
};
