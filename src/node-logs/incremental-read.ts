import type { BotConfig, NodeConfig } from '../config/schema';
import { outcomeFailureReason } from '../reply/outcome-reason';
import { err, type Result } from '../result';
import { backstopSignal } from '../transport/backstop-signal';
import type { NodeReader } from '../transport/types';
import { advanceCursor, nextRange, type CursorStep, type LogCursor } from './incremental-cursor';
import { incrementalLogCommand, parseLogChunk, type LogChunk } from './incremental-log-command';

export type IncrementalRead =
  | {
      readonly kind: 'read';
      readonly node: string;
      readonly step: Exclude<CursorStep, { kind: 'reread' }>;
      /** Set when the file was rotated or truncated since the last read and was read again from its start. */
      readonly restarted: 'rotated' | 'truncated' | null;
      /** After a rotation: whether the old file's last lines were read under its rotated name (they lead `step.lines`). */
      readonly oldFile: 'read' | 'not-read' | null;
    }
  | { readonly kind: 'failed'; readonly node: string; readonly reason: string };

/** The bytes a read may ask for: what the transport keeps of stdout holds them as base64 after the stat line. */
export const usableReadBytes = (config: BotConfig, maxBytes: number): number => Math.min(maxBytes, Math.floor(((config.limits.maxOutputBytes - 64) * 3) / 4));

async function readChunk(reader: NodeReader, node: NodeConfig, range: { from: number; maxBytes: number }, config: BotConfig): Promise<Result<LogChunk, string>> {
  const command = incrementalLogCommand(node, range);
  if (!command.ok) {
    return err(command.error.kind === 'no-log-file' ? `no logFile is configured for ${node.name}; add logFile to its entry in the bot config` : command.error.message);
  }
  const outcome = await reader.read(command.value, { signal: backstopSignal(config.deadlines) });
  if (outcome.kind !== 'ok') return err(`could not read ${node.logFile ?? 'the log'}: ${outcomeFailureReason(outcome)}`);
  if (outcome.truncated) return err(`the read of ${node.logFile ?? 'the log'} outgrew limits.maxOutputBytes`);
  const chunk = parseLogChunk(outcome.stdout);
  return chunk.ok ? chunk : err(`could not read ${node.logFile ?? 'the log'}: ${chunk.error.detail}`);
}

export interface IncrementalOptions {
  readonly maxBytes: number;
  /** What rotation appends to the old file's name (`.1` for logrotate, `.0` for RabbitMQ's own rotation), when known. */
  readonly rotatedSuffix?: string | undefined;
}

/** The old file's bytes after the cursor, read under its rotated name, if that name now holds the file last read. */
async function rotatedRemainder(reader: NodeReader, node: NodeConfig, cursor: LogCursor, suffix: string, bytes: number, config: BotConfig): Promise<Buffer | null> {
  if (node.logFile === undefined) return null;
  const chunk = await readChunk(reader, { ...node, logFile: `${node.logFile}${suffix}` }, { from: cursor.offset, maxBytes: bytes }, config);
  if (!chunk.ok || chunk.value.inode !== cursor.inode) return null;
  const rest = chunk.value.bytes;
  // The old file is finished: its last line is whole even without a newline, and must not run into the new file's first.
  return rest.length === 0 || rest[rest.length - 1] === 0x0a ? rest : Buffer.concat([rest, Buffer.from('\n')]);
}

/**
 * Reads what a node's log gained since `cursor` (null: never read), at most `maxBytes` per read.
 * A rotated or truncated file costs a second round trip that reads the new file from its start
 * (a third reads the old file's remainder under its rotated name, when that is configured); a
 * file rotated again between them is left for the next poll, from its start.
 *
 * This is where a node-side filter (grep for the catalog's literals) plugs in: the cursor step
 * decides the byte range, and only the lines handed to the analyzer would change.
 */
export async function readLogIncrement(reader: NodeReader, node: NodeConfig, cursor: LogCursor | null, options: IncrementalOptions, config: BotConfig): Promise<IncrementalRead> {
  const bytes = usableReadBytes(config, options.maxBytes);
  const failed = (reason: string): IncrementalRead => ({ kind: 'failed', node: node.name, reason });
  const first = await readChunk(reader, node, nextRange(cursor, bytes), config);
  if (!first.ok) return failed(first.error);
  const step = advanceCursor(cursor, first.value, bytes);
  if (step.kind !== 'reread') return { kind: 'read', node: node.name, step, restarted: null, oldFile: null };
  const old = step.reason === 'rotated' && cursor !== null && options.rotatedSuffix !== undefined ? await rotatedRemainder(reader, node, cursor, options.rotatedSuffix, bytes, config) : null;
  const again = await readChunk(reader, node, nextRange(step.cursor, bytes), config);
  if (!again.ok) return failed(again.error);
  const second = advanceCursor(step.cursor, again.value, bytes);
  const settled: Exclude<CursorStep, { kind: 'reread' }> =
    second.kind === 'reread' ? { kind: 'advanced', cursor: second.cursor, from: 0, lines: Buffer.alloc(0), behind: second.cursor.size } : second;
  const withOld = old !== null && settled.kind === 'advanced' ? { ...settled, lines: Buffer.concat([old, settled.lines]) } : settled;
  return { kind: 'read', node: node.name, step: withOld, restarted: step.reason, oldFile: step.reason === 'rotated' ? (old === null ? 'not-read' : 'read') : null };
}
