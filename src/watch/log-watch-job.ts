import type { WorkerJob, WorkerJobFunction } from '../analysis-worker/worker-job';
import { ToUtf8 } from '../logs/text-encoding';
import { redactSecrets } from '../node-logs/redact-secrets';
import type { Finding } from '../signatures/finding';
import { analyzeLogText } from '../signatures/log-analyzer';
import type { Severity } from '../signatures/signature';

/** One signature id seen in a node's new log lines, all its subjects folded together. */
export interface LogSighting {
  readonly signature: string;
  readonly severity: Severity;
  /** The first finding's own sentence: the signature's title and its subject (a peer, a queue). */
  readonly summary: string;
  readonly count: number;
  /** The record's own time as the log wrote it, when it has one. */
  readonly loggedAt: string | null;
  /** A later line in the same read ended the condition (alarm cleared, node back up). */
  readonly cleared: boolean;
  /** The first matching lines, secrets redacted, control characters dropped. */
  readonly excerpt: string;
}

export interface LogSightingParams {
  /** Sightings below this severity are left out. */
  readonly minSeverity: Severity;
}

const severityRank: Record<Severity, number> = { critical: 0, warning: 1, info: 2 };
// A record's header line and its first continuation: a 3.9+ error often spans two prefixed lines.
const EXCERPT_LINES = 2;
const EXCERPT_CHARS = 600;
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f]|\u001b\[[0-9;?]*[A-Za-z]/g;

function excerptAt(lines: readonly string[], firstLine: number | null): string {
  if (firstLine === null) return '';
  const text = lines
    .slice(firstLine - 1, firstLine - 1 + EXCERPT_LINES)
    .map((line) => line.replace(/\r$/, '').replace(CONTROL, ''))
    .join('\n')
    .trimEnd();
  const redacted = redactSecrets(text);
  return redacted.length > EXCERPT_CHARS ? `${redacted.slice(0, EXCERPT_CHARS - 1)}…` : redacted;
}

/** Folds findings to one sighting per signature id, keeping the earliest finding's place and words. */
export function sightingsOf(findings: readonly Finding[], text: string, minSeverity: Severity): LogSighting[] {
  const lines = text.split('\n');
  const byId = new Map<string, { first: Finding; count: number; cleared: boolean }>();
  for (const finding of findings) {
    if (severityRank[finding.severity] > severityRank[minSeverity]) continue;
    const seen = byId.get(finding.signature);
    const earlier = seen === undefined || (finding.firstLine ?? Infinity) < (seen.first.firstLine ?? Infinity);
    byId.set(finding.signature, {
      first: earlier ? finding : (seen as { first: Finding }).first,
      count: (seen?.count ?? 0) + finding.count,
      cleared: (seen?.cleared ?? true) && finding.state === 'cleared',
    });
  }
  return [...byId.values()].map(({ first, count, cleared }) => ({
    signature: first.signature,
    severity: first.severity,
    summary: first.summary,
    count,
    loggedAt: first.firstTime,
    cleared,
    excerpt: excerptAt(lines, first.firstLine),
  }));
}

/**
 * Runs in the analysis worker with its budgets: the new lines come from a node's log, partly
 * written by clients, so a costly record can only cost its own budget, never the event loop.
 */
export const logSightingsJob: WorkerJobFunction<LogSightingParams, LogSighting[]> = async (chunks, params) => {
  const utf8 = new ToUtf8();
  const parts: Buffer[] = [];
  for await (const chunk of chunks) parts.push(utf8.push(chunk));
  parts.push(utf8.end());
  const text = Buffer.concat(parts).toString('utf8');
  return sightingsOf(analyzeLogText(text).findings, text, params.minSeverity);
};

export const logSightingsWorkerJob: WorkerJob<LogSightingParams, LogSighting[]> = { module: __filename, exportName: 'logSightingsJob' };
