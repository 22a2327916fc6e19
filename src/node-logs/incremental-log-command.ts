import type { NodeConfig } from '../config/schema';
import type { LogReadProblem } from '../rabbit/rabbitmqctl-command';
import { err, ok, type Result } from '../result';
import type { Argv, ReadCommand } from '../transport/types';

/**
 * The read allowlist case of watch mode's incremental log read: in one SSH round trip, the log's
 * inode and size and at most `maxBytes` bytes from byte `from`. The file is opened once, on fd 3,
 * and both `stat` and `dd` read through that descriptor, so the numbers and the bytes describe the
 * same file even when it is rotated (renamed and replaced) while the command runs.
 *
 * The script is a constant: the path reaches it only as `$1`, the two numbers as `$2` and `$3`,
 * each double-quoted; the whole argv is quoted by `toRemoteCommand` like every other command.
 * The bytes travel as base64 because the transport decodes stdout as UTF-8, and a log holds bytes
 * that are not (NUL runs, cut multi-byte characters): the offset must count the node's bytes.
 * Watch mode greps the range on the node instead (incremental-filter-command.ts); this whole read
 * stays for the reads after a rotation or truncation.
 */
export const INCREMENTAL_READ_SCRIPT = 'exec 3<"$1" && stat -L -c "%i %s" /dev/fd/3 && dd bs=65536 skip="$2" count="$3" iflag=skip_bytes,count_bytes status=none <&3 | base64 -w 0';

export interface ByteRange {
  readonly from: number;
  readonly maxBytes: number;
}

export type IncrementalReadProblem = LogReadProblem | { readonly kind: 'invalid-range'; readonly node: string; readonly message: string };

const isByteCount = (n: number): boolean => Number.isSafeInteger(n) && n >= 0;

/** `sh -c SCRIPT NAME FILE FROM MAX`: NAME becomes `$0`, shown in the node's error messages. */
export function incrementalLogCommand(node: NodeConfig, range: ByteRange): Result<ReadCommand, IncrementalReadProblem> {
  if (node.logFile === undefined) return err({ kind: 'no-log-file', node: node.name });
  if (!isByteCount(range.from) || !isByteCount(range.maxBytes)) {
    return err({ kind: 'invalid-range', node: node.name, message: `byte range must be whole non-negative numbers, got from=${range.from} maxBytes=${range.maxBytes}` });
  }
  const argv: Argv = ['sh', '-c', INCREMENTAL_READ_SCRIPT, 'rmq-log-read', node.logFile, String(range.from), String(range.maxBytes)];
  return ok({ access: 'read', name: 'log-incremental', argv } as ReadCommand);
}

/** What the node sent back: the file as opened, and the bytes read from it. */
export interface LogChunk {
  /** A decimal string: inode numbers can exceed what a JS number holds exactly. */
  readonly inode: string;
  readonly size: number;
  readonly bytes: Buffer;
}

export type LogChunkProblem = { readonly kind: 'unreadable-output'; readonly detail: string };

/** Parses `INODE SIZE\n` followed by the base64 of the bytes (empty when there were none). */
export function parseLogChunk(stdout: string): Result<LogChunk, LogChunkProblem> {
  const newline = stdout.indexOf('\n');
  const header = newline === -1 ? stdout : stdout.slice(0, newline);
  const match = /^(\d+) (\d+)$/.exec(header);
  if (match === null) return err({ kind: 'unreadable-output', detail: `expected "INODE SIZE" from stat, got ${JSON.stringify(header.slice(0, 80))}` });
  const size = Number(match[2]);
  if (!Number.isSafeInteger(size)) return err({ kind: 'unreadable-output', detail: `file size ${match[2]} is too large` });
  const body = newline === -1 ? '' : stdout.slice(newline + 1).trim();
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(body) || body.length % 4 !== 0) return err({ kind: 'unreadable-output', detail: 'the log bytes did not arrive as base64' });
  return ok({ inode: match[1] as string, size, bytes: Buffer.from(body, 'base64') });
}
