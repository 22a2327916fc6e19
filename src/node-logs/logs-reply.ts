import { formatBytes } from '../reply/format';
import type { Block, Field, Reply, StatusMark } from '../reply/model';
import { describeUnfinished } from '../analysis-worker/describe-unfinished';
import { runInWorker } from '../analysis-worker/run-in-worker';
import type { WorkOutcome } from '../analysis-worker/worker-job';
import type { Severity } from '../signatures/signature';
import { excerptAnalysisJob, type ExcerptAnalysis } from './excerpt-job';
import { lastLines, type LogExcerpt } from './log-excerpt';
import type { NodeLogRead } from './read-node-log';

export interface LogsQuery {
  readonly cluster: string;
  readonly node: string;
  readonly logFile: string | null;
  readonly lines: number;
}

const markOf: Record<Severity, StatusMark> = { critical: 'critical', warning: 'warning', info: 'ok' };

const what = (read: NodeLogRead, lines: number): string =>
  read.request.kind === 'grep' ? `Last ${lines} lines of the records around "${read.request.text}"` : `Last ${lines} lines`;

/** The excerpt of a read log and its analysis, which ran in a worker and may have been stopped. */
export interface AnalyzedExcerpt {
  readonly excerpt: LogExcerpt;
  readonly analysis: WorkOutcome<ExcerptAnalysis>;
}

/** The last lines asked for, analyzed and cleaned in the analysis worker within its budget. */
export async function analyzeExcerpt(read: NodeLogRead & { kind: 'read' }, lines: number): Promise<AnalyzedExcerpt> {
  const startsMidLine = read.request.kind === 'tail' && Buffer.byteLength(read.text, 'utf8') >= read.request.bytes;
  const excerpt = lastLines(read.text, lines, startsMidLine);
  return { excerpt, analysis: await runInWorker(excerptAnalysisJob, {}, excerpt.text) };
}

/**
 * `/rmq logs`: the cleaned excerpt (NUL runs as one marker, secrets redacted, signature hits marked
 * `⟵ [id]`) in a preformatted block, which renderers attach as a file when it is long, and a tally
 * of the signatures it holds. An analysis that ran out of budget shows no text (unredacted text
 * must not reach the chat), only what was read and why it stopped.
 */
export function buildLogsReply(query: LogsQuery, read: NodeLogRead, analyzed: AnalyzedExcerpt | null): Reply {
  const header: Block = { kind: 'header', text: `Log of ${query.node} (cluster ${query.cluster})` };
  if (read.kind === 'failed' || analyzed === null) {
    const reason = read.kind === 'failed' ? read.reason : 'the log was read but not analyzed';
    return { summary: `${query.node}: log not read: ${reason}`, mark: 'critical', blocks: [header, { kind: 'text', text: reason, mark: 'critical' }] };
  }
  const { excerpt, analysis } = analyzed;
  if (excerpt.lines === 0) {
    const summary = `${query.node}: no ${read.request.kind === 'grep' ? `lines contain "${read.request.text}"` : 'log lines'}`;
    return { summary, mark: 'ok', blocks: [header, { kind: 'text', text: summary, mark: 'ok' }] };
  }
  if (analysis.kind !== 'done') {
    const why = `${excerpt.lines} lines read, not shown: ${describeUnfinished(analysis)}.`;
    return {
      summary: `${query.node}: log ${analysis.kind === 'failed' ? 'analysis failed' : 'analysis stopped at its budget'}`,
      mark: 'warning',
      blocks: [header, { kind: 'text', text: why, mark: 'warning' }, { kind: 'context', text: 'Try fewer --lines, or --grep TEXT for the lines you need.' }],
    };
  }
  const { tallies, cleaned } = analysis.value;
  const mark: StatusMark = tallies[0] ? markOf[tallies[0].severity] : 'ok';
  const found = tallies.length === 0 ? 'no known signature in them' : `signatures: ${tallies.map((t) => `${t.id} ×${t.count}`).join(', ')}`;
  const headline = `${excerpt.lines} lines${tallies.length === 0 ? ', ' : '; '}${found}`;
  const fields: Field[] = tallies.map((t) => ({ label: t.id, value: `${t.count}× ${t.title}`, mark: markOf[t.severity] }));
  const source =
    read.request.kind === 'tail'
      ? `Read the last ${formatBytes(read.request.bytes)} of ${query.logFile ?? 'the log'} over SSH`
      : `grep on the node read ${formatBytes(read.scannedBytes)} of ${query.logFile ?? 'the log'}; ${formatBytes(read.transferredBytes)} (matching lines and the lines around them) came over SSH`;
  const notes = [
    `${source}${excerpt.omitted > 0 ? `; ${excerpt.omitted} earlier lines not shown` : ''}${read.truncated ? '; output was cut at the size limit' : ''}.`,
    'NUL runs are collapsed, secrets redacted, and `⟵ [id]` marks the first line of each record that matched a signature.',
  ];
  return {
    summary: `${query.node}: ${headline}`,
    mark,
    blocks: [
      header,
      { kind: 'text', text: `${what(read, excerpt.lines)}: ${found}`, mark },
      ...(fields.length > 0 ? [{ kind: 'fields' as const, title: 'Signature hits', mark, fields }] : []),
      { kind: 'preformatted', title: `${query.node} log, ${what(read, excerpt.lines).toLowerCase()}`, text: cleaned },
      { kind: 'context', text: notes.join(' ') },
    ],
  };
}
