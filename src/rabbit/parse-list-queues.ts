import { err, ok, type Result } from '../result';
import { cleanPaste } from './clean-paste';
import { readJsonPayload } from './json-payload';

/**
 * One row of `rabbitmqctl list_queues`, whatever the columns asked for. `null` means the column was
 * not asked for or the node could not say (a classic queue whose home node is down has no message
 * count) — never a guess.
 */
export interface ListedQueue {
  readonly name: string;
  readonly vhost: string;
  /** The home node, read from the queue's pid; only text output carries it (JSON prints `#PID<…>`). */
  readonly node: string | null;
  readonly durable: boolean | null;
  /** `classic`, `quorum`, `stream`; 3.10 prints `rabbit_classic_queue` for a classic queue whose node is down. */
  readonly type: string | null;
  readonly messages: number | null;
  /** `running`, `down`, `crashed`, … */
  readonly state: string | null;
}

/**
 * The node in a text pid: `<rabbit3@localhost.1795563751.1420.0>` (3.x) or `<rabbit@10.0.0.1.2.345.0>`.
 * The node part may contain dots (long names), so the last three numbers are the pid proper. JSON's
 * `#PID<12799.1420.0>` names no node.
 */
export function nodeOfPid(pid: string): string | null {
  const match = /^<(.+@.+)\.\d+\.\d+\.\d+>$/.exec(pid.trim());
  return match?.[1] ?? null;
}

const BANNER = /^(Timeout: .* seconds \.\.\.|Listing queues( for vhost .*)? \.\.\.|\.\.\.done\.?)$/;

const toBoolean = (value: unknown): boolean | null => (value === true || value === 'true' ? true : value === false || value === 'false' ? false : null);

const toCount = (value: unknown): number | null => {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  return typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : null;
};

const toText = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);

function toQueue(cells: Readonly<Record<string, unknown>>, vhost: string): ListedQueue | null {
  const name = cells['name'];
  if (typeof name !== 'string') return null;
  const pid = toText(cells['pid']);
  return {
    name,
    vhost,
    node: pid === null ? null : nodeOfPid(pid),
    durable: toBoolean(cells['durable']),
    type: toText(cells['type']),
    messages: toCount(cells['messages']),
    state: toText(cells['state']),
  };
}

function fromJson(payload: string, vhost: string): Result<ListedQueue[], string> | null {
  if (!payload.startsWith('[')) return null;
  const json = readJsonPayload(payload);
  if (json === null || !Array.isArray(json.plain)) return err('list_queues printed JSON that is not a list of queues');
  const rows = json.plain.filter((row): row is Record<string, unknown> => typeof row === 'object' && row !== null && !Array.isArray(row));
  return ok(rows.map((row) => toQueue(row, vhost)).filter((queue): queue is ListedQueue => queue !== null));
}

/**
 * Text output: a header row of column names on 3.8+, none before. Without a header the columns are
 * the ones asked for, in order. Queue names may contain spaces but not tabs, which separate cells.
 */
function fromText(payload: string, vhost: string, columns: readonly string[]): Result<ListedQueue[], string> {
  const lines = payload.split('\n').filter((line) => line.trim() !== '' && !BANNER.test(line.trim()));
  const [first] = lines;
  const header = first !== undefined && first.split('\t')[0] === 'name' ? first.split('\t') : null;
  const names = header ?? columns;
  const rows = header === null ? lines : lines.slice(1);
  const queues: ListedQueue[] = [];
  for (const row of rows) {
    const cells = row.split('\t');
    if (cells.length !== names.length) return err(`a list_queues row has ${cells.length} columns where ${names.length} were expected: ${row.slice(0, 120)}`);
    const queue = toQueue(Object.fromEntries(names.map((column, i) => [column, cells[i]])), vhost);
    if (queue !== null) queues.push(queue);
  }
  return ok(queues);
}

/**
 * Reads `list_queues` output (text with or without a header, or `--formatter json`). Call it only
 * on output `detectCliFailure` accepted: a `{badrpc,…}` on stdout is an error, not a queue list.
 */
export function parseListQueues(stdout: string, options: { readonly vhost: string; readonly columns: readonly string[] }): Result<ListedQueue[], string> {
  const payload = cleanPaste(stdout).trim();
  if (payload === '') return ok([]);
  return fromJson(payload, options.vhost) ?? fromText(payload, options.vhost, options.columns);
}
