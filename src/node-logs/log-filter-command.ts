import type { NodeConfig } from '../config/schema';
import { err, ok, type Result } from '../result';
import type { LogReadProblem } from '../rabbit/rabbitmqctl-command';
import type { Argv, ReadCommand } from '../transport/types';

/**
 * The read allowlist of filtered log reads: grep runs on the node over a window of its log, so only
 * the lines that can matter (and the lines around them that multi-line records need) cross SSH.
 *
 * The script is a constant, like the vitals script: nothing from chat or config is spliced into it.
 * The log path, the window, the context sizes and every pattern reach it as positional parameters,
 * always double-quoted, each pattern behind its own `-e` so one starting with `-` stays a pattern;
 * the whole argv is quoted by `toRemoteCommand` like every other remote command.
 *
 * The first line of output is `@@rmq-log-filter SIZE`: the log's size, from which the caller knows
 * how many bytes grep read on the node. Exit 1 (nothing matched) becomes 0: an empty filter result
 * is an answer, not a failure. `LC_ALL=C` makes grep match bytes (fastest, and no locale can make a
 * byte in a hole an error); `-a` keeps lines with NUL bytes, which are evidence themselves.
 */
export const LOG_FILTER_MARKER = '@@rmq-log-filter';

export const LOG_FILTER_SCRIPT = [
  'f=$1; w=$2; b=$3; a=$4; m=$5; shift 5',
  `[ -r "$f" ] || { printf 'cannot read %s\\n' "$f" >&2; exit 2; }`,
  's=$(wc -c < "$f") || exit 2',
  `printf '${LOG_FILTER_MARKER} %s\\n' "$s"`,
  // Turns "p1 p2 …" into "-e p1 -e p2 …" without a shell array (POSIX sh has none).
  'n=$#; while [ "$n" -gt 0 ]; do set -- "$@" -e "$1"; shift; n=$((n - 1)); done',
  'tail -c "$w" -- "$f" | LC_ALL=C grep -a -E --group-separator= -m "$m" -B "$b" -A "$a" "$@"',
  'r=$?; [ "$r" -le 1 ] || exit "$r"',
].join('; ');

/** Which part of the log grep reads: its end, everything after a byte offset (incremental reads), or all of it. */
export type LogWindow =
  | { readonly kind: 'tail'; readonly bytes: number }
  | { readonly kind: 'from'; readonly offset: number }
  | { readonly kind: 'whole' };

export interface LogFilter {
  readonly window: LogWindow;
  /** Extended regular expressions; a line matching any of them is kept. */
  readonly patterns: readonly string[];
  /** Lines kept before and after each matching line. */
  readonly before: number;
  readonly after: number;
  /** grep stops after this many matching lines. */
  readonly maxMatches: number;
}

const count = (value: number): string => String(Math.max(0, Math.floor(value)));

/** `tail -c` argument: `N` is the last N bytes, `+K` starts at byte K (1-based). */
const windowWord = (window: LogWindow): string =>
  window.kind === 'tail' ? count(Math.max(1, window.bytes)) : window.kind === 'from' ? `+${count(window.offset + 1)}` : '+1';

/** `sh -c SCRIPT NAME FILE WINDOW BEFORE AFTER MAX PATTERN…`: NAME becomes `$0`, shown in error messages. */
export function logFilterCommand(node: NodeConfig, filter: LogFilter): Result<ReadCommand, LogReadProblem> {
  if (node.logFile === undefined) return err({ kind: 'no-log-file', node: node.name });
  if (filter.patterns.length === 0) throw new RangeError('a log filter needs at least one pattern');
  const argv: Argv = [
    'sh', '-c', LOG_FILTER_SCRIPT, 'rmq-log-filter',
    node.logFile, windowWord(filter.window), count(filter.before), count(filter.after), count(Math.max(1, filter.maxMatches)),
    ...filter.patterns,
  ];
  return ok({ access: 'read', name: 'log-filter', argv } as ReadCommand);
}

/** Bytes of the log that grep read, given the log's size. */
export const scannedBytes = (window: LogWindow, logBytes: number): number =>
  window.kind === 'tail' ? Math.min(window.bytes, logBytes) : window.kind === 'from' ? Math.max(0, logBytes - window.offset) : logBytes;

export interface FilteredOutput {
  readonly logBytes: number;
  /** The kept lines, as grep printed them (groups apart by a blank line). */
  readonly text: string;
}

/** Splits the size line off the filter's output; null when the output does not start with it. */
export function parseLogFilterOutput(stdout: string): FilteredOutput | null {
  const newline = stdout.indexOf('\n');
  const first = newline === -1 ? stdout : stdout.slice(0, newline);
  const match = new RegExp(`^${LOG_FILTER_MARKER} (\\d+)\\s*$`).exec(first);
  if (match === null) return null;
  return { logBytes: Number(match[1]), text: newline === -1 ? '' : stdout.slice(newline + 1) };
}
