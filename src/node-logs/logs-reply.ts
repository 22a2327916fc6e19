import { formatBytes } from '../reply/format';
import type { Block, Field, Reply, StatusMark } from '../reply/model';
import { analyzeLogText } from '../signatures/log-analyzer';
import type { Severity } from '../signatures/signature';
import { cleanLogForChat } from './clean-log-for-chat';
import { lastLines, tallySignatures } from './log-excerpt';
import type { NodeLogRead } from './read-node-log';

export interface LogsQuery {
  readonly cluster: string;
  readonly node: string;
  readonly logFile: string | null;
  readonly lines: number;
}

const markOf: Record<Severity, StatusMark> = { critical: 'critical', warning: 'warning', info: 'ok' };

const what = (read: NodeLogRead, lines: number): string =>
  read.request.kind === 'grep' ? `Last ${lines} lines containing "${read.request.text}"` : `Last ${lines} lines`;

/**
 * `/rmq logs`: the cleaned excerpt (NUL runs as one marker, secrets redacted, signature hits marked
 * `⟵ [id]`) in a preformatted block, which renderers attach as a file when it is long, and a tally
 * of the signatures it holds.
 */
export function buildLogsReply(query: LogsQuery, read: NodeLogRead): Reply {
  const header: Block = { kind: 'header', text: `Log of ${query.node} (cluster ${query.cluster})` };
  if (read.kind === 'failed') {
    const summary = `${query.node}: log not read: ${read.reason}`;
    return { summary, mark: 'critical', blocks: [header, { kind: 'text', text: read.reason, mark: 'critical' }] };
  }
  const startsMidLine = read.request.kind === 'tail' && Buffer.byteLength(read.text, 'utf8') >= read.request.bytes;
  const excerpt = lastLines(read.text, query.lines, startsMidLine);
  if (excerpt.lines === 0) {
    const summary = `${query.node}: no ${read.request.kind === 'grep' ? `lines contain "${read.request.text}"` : 'log lines'}`;
    return { summary, mark: 'ok', blocks: [header, { kind: 'text', text: summary, mark: 'ok' }] };
  }
  const tallies = tallySignatures(analyzeLogText(excerpt.text).findings);
  const mark: StatusMark = tallies[0] ? markOf[tallies[0].severity] : 'ok';
  const found = tallies.length === 0 ? 'no known signature in them' : `signatures: ${tallies.map((t) => `${t.id} ×${t.count}`).join(', ')}`;
  const headline = `${excerpt.lines} lines${tallies.length === 0 ? ', ' : '; '}${found}`;
  const fields: Field[] = tallies.map((t) => ({ label: t.id, value: `${t.count}× ${t.title}`, mark: markOf[t.severity] }));
  const source = read.request.kind === 'tail' ? `the last ${formatBytes(read.request.bytes)} of ${query.logFile ?? 'the log'}` : `grep -F over ${query.logFile ?? 'the log'}`;
  const notes = [
    `Read ${source} over SSH${excerpt.omitted > 0 ? `; ${excerpt.omitted} earlier lines not shown` : ''}${read.truncated ? '; output was cut at the size limit' : ''}.`,
    'NUL runs are collapsed, secrets redacted, and `⟵ [id]` marks the first line of each record that matched a signature.',
  ];
  return {
    summary: `${query.node}: ${headline}`,
    mark,
    blocks: [
      header,
      { kind: 'text', text: `${what(read, excerpt.lines)}: ${found}`, mark },
      ...(fields.length > 0 ? [{ kind: 'fields' as const, title: 'Signature hits', mark, fields }] : []),
      { kind: 'preformatted', title: `${query.node} log, ${what(read, excerpt.lines).toLowerCase()}`, text: cleanLogForChat(excerpt.text) },
      { kind: 'context', text: notes.join(' ') },
    ],
  };
}
