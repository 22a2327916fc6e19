import type { NodeConfig } from '../config/schema';
import { err, ok, type Result } from '../result';
import type { Argv, ReadCommand } from '../transport/types';
import type { ByteRange, IncrementalReadProblem } from './incremental-log-command';
import type { LogFilter } from './log-filter-command';

/**
 * Watch mode's incremental read with grep on the node: the same byte range as the plain read
 * (incremental-log-command.ts), but only the lines that can matter cross SSH.
 *
 * The cursor must still count the node's bytes exactly, so the node decides the range itself and
 * says how many bytes it took: at most `MAX` bytes from `FROM` of the size stat saw (bytes appended
 * later wait for the next poll), ending at the range's last newline (a partial last line waits
 * too), or all of them when a single line outgrew the whole range (the rule of advanceCursor).
 * The file is opened once on fd 3 and every read reopens it through /dev/fd/3, so stat, the count
 * and grep all see the same inode even when the log is rotated meanwhile.
 *
 * Like the other scripts it is a constant: path, numbers, context sizes and patterns arrive as
 * positional parameters, double-quoted, each pattern behind its own `-e`.
 * Output: `@@rmq-log-increment INODE SIZE TAKEN`, then grep's lines (exit 1, no match, is an answer).
 */
export const INCREMENT_FILTER_MARKER = '@@rmq-log-increment';

export const INCREMENT_FILTER_SCRIPT = [
  'exec 3<"$1" || exit 2',
  'o=$2; m=$3; b=$4; a=$5; shift 5',
  'h=$(stat -L -c "%i %s" /dev/fd/3) || exit 2',
  'n=$((${h#* } - o)); [ "$n" -gt 0 ] || n=0; [ "$n" -le "$m" ] || n=$m',
  'r() { dd if=/dev/fd/3 bs=65536 skip="$o" count="$1" iflag=skip_bytes,count_bytes status=none; }',
  // Bytes after the range's last newline: the last line of the range plus one more newline, counted.
  'p=$({ r "$n"; echo; } | LC_ALL=C tail -n 1 | wc -c) || exit 2; p=$((p - 1))',
  't=$((n - p)); [ "$p" -lt "$n" ] || [ "$n" -lt "$m" ] || t=$n',
  `printf '${INCREMENT_FILTER_MARKER} %s %s\\n' "$h" "$t"`,
  'n=$#; while [ "$n" -gt 0 ]; do set -- "$@" -e "$1"; shift; n=$((n - 1)); done',
  'r "$t" | LC_ALL=C grep -a -E --group-separator= -B "$b" -A "$a" "$@"',
  'c=$?; [ "$c" -le 1 ] || exit "$c"',
].join('; ');

export type IncrementFilter = Pick<LogFilter, 'patterns' | 'before' | 'after'>;

const isByteCount = (n: number): boolean => Number.isSafeInteger(n) && n >= 0;

/** `sh -c SCRIPT NAME FILE FROM MAX BEFORE AFTER PATTERN…`: NAME becomes `$0`, shown in the node's error messages. */
export function incrementFilterCommand(node: NodeConfig, range: ByteRange, filter: IncrementFilter): Result<ReadCommand, IncrementalReadProblem> {
  if (node.logFile === undefined) return err({ kind: 'no-log-file', node: node.name });
  if (!isByteCount(range.from) || !isByteCount(range.maxBytes) || !isByteCount(filter.before) || !isByteCount(filter.after)) {
    return err({ kind: 'invalid-range', node: node.name, message: `byte range and context must be whole non-negative numbers, got from=${range.from} maxBytes=${range.maxBytes}` });
  }
  if (filter.patterns.length === 0) throw new RangeError('a log filter needs at least one pattern');
  const argv: Argv = [
    'sh', '-c', INCREMENT_FILTER_SCRIPT, 'rmq-log-increment',
    node.logFile, String(range.from), String(range.maxBytes), String(filter.before), String(filter.after),
    ...filter.patterns,
  ];
  return ok({ access: 'read', name: 'log-incremental-filter', argv } as ReadCommand);
}

/** The file as opened, the bytes of it the node took (scanned by grep), and the lines grep kept. */
export interface FilteredChunk {
  readonly inode: string;
  readonly size: number;
  readonly taken: number;
  readonly text: string;
}

/** Splits the header line off the output; null when the output does not start with it. */
export function parseFilteredChunk(stdout: string): FilteredChunk | null {
  const newline = stdout.indexOf('\n');
  const first = newline === -1 ? stdout : stdout.slice(0, newline);
  const match = new RegExp(`^${INCREMENT_FILTER_MARKER} (\\d+) (\\d+) (\\d+)$`).exec(first);
  if (match === null) return null;
  const size = Number(match[2]);
  const taken = Number(match[3]);
  if (!Number.isSafeInteger(size) || !Number.isSafeInteger(taken)) return null;
  return { inode: match[1] as string, size, taken, text: newline === -1 ? '' : stdout.slice(newline + 1) };
}
