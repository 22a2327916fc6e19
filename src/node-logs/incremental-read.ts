import type { BotConfig, NodeConfig } from '../config/schema';
import { outcomeFailureReason } from '../reply/outcome-reason';
import { err, ok, type Result } from '../result';
import { backstopSignal } from '../transport/backstop-signal';
import type { NodeReader } from '../transport/types';
import { advanceCursor, advanceFilteredCursor, nextRange, type CursorStep, type LogCursor } from './incremental-cursor';
import { incrementFilterCommand, parseFilteredChunk, type FilteredChunk, type IncrementFilter } from './incremental-filter-command';
import { incrementalLogCommand, parseLogChunk, type ByteRange, type IncrementalReadProblem, type LogChunk } from './incremental-log-command';

export type IncrementalRead =
  | {
      readonly kind: 'read';
      readonly node: string;
      readonly step: Exclude<CursorStep, { kind: 'reread' }>;
      /** Set when the file was rotated or truncated since the last read and was read again from its start. */
      readonly restarted: 'rotated' | 'truncated' | null;
      /** After a rotation: whether the old file's last lines were read under its rotated name (they lead `step.lines`). */
      readonly oldFile: 'read' | 'not-read' | null;
      /** Bytes of the log the node read for this poll, and bytes that came back over SSH for them. */
      readonly scannedBytes: number;
      readonly transferredBytes: number;
    }
  | { readonly kind: 'failed'; readonly node: string; readonly reason: string };

/** The bytes a read may ask for: what the transport keeps of stdout holds them as base64 after the stat line. */
export const usableReadBytes = (config: BotConfig, maxBytes: number): number => Math.min(maxBytes, Math.floor(((config.limits.maxOutputBytes - 64) * 3) / 4));

const commandProblem = (node: NodeConfig, problem: IncrementalReadProblem): string =>
  problem.kind === 'no-log-file' ? `no logFile is configured for ${node.name}; add logFile to its entry in the bot config` : problem.message;

type Transferred<T> = T & { readonly transferred: number };

async function readChunk(reader: NodeReader, node: NodeConfig, range: ByteRange, config: BotConfig): Promise<Result<Transferred<LogChunk>, string>> {
  const command = incrementalLogCommand(node, range);
  if (!command.ok) return err(commandProblem(node, command.error));
  const outcome = await reader.read(command.value, { signal: backstopSignal(config.deadlines) });
  if (outcome.kind !== 'ok') return err(`could not read ${node.logFile ?? 'the log'}: ${outcomeFailureReason(outcome)}`);
  if (outcome.truncated) return err(`the read of ${node.logFile ?? 'the log'} outgrew limits.maxOutputBytes`);
  const chunk = parseLogChunk(outcome.stdout);
  return chunk.ok ? ok({ ...chunk.value, transferred: Buffer.byteLength(outcome.stdout, 'utf8') }) : err(`could not read ${node.logFile ?? 'the log'}: ${chunk.error.detail}`);
}

/** The range read with grep on the node; grep prints at most the bytes it read, so it fits wherever the plain read fits. */
async function readFilteredChunk(reader: NodeReader, node: NodeConfig, range: ByteRange, filter: IncrementFilter, config: BotConfig): Promise<Result<Transferred<FilteredChunk>, string>> {
  const command = incrementFilterCommand(node, range, filter);
  if (!command.ok) return err(commandProblem(node, command.error));
  const outcome = await reader.read(command.value, { signal: backstopSignal(config.deadlines) });
  if (outcome.kind !== 'ok') return err(`could not read ${node.logFile ?? 'the log'}: ${outcomeFailureReason(outcome)}`);
  if (outcome.truncated) return err(`the read of ${node.logFile ?? 'the log'} outgrew limits.maxOutputBytes`);
  const chunk = parseFilteredChunk(outcome.stdout);
  if (chunk === null) return err(`could not read ${node.logFile ?? 'the log'}: the node's sh or grep printed something unexpected (${JSON.stringify(outcome.stdout.slice(0, 80))})`);
  return ok({ ...chunk, transferred: Buffer.byteLength(outcome.stdout, 'utf8') });
}

export interface IncrementalOptions {
  readonly maxBytes: number;
  /** What rotation appends to the old file's name (`.1` for logrotate, `.0` for RabbitMQ's own rotation), when known. */
  readonly rotatedSuffix?: string | undefined;
  /** grep on the node for the range after the cursor, so only these lines cross SSH. */
  readonly filter?: IncrementFilter | undefined;
}

/** The old file's bytes after the cursor, read under its rotated name, if that name now holds the file last read. */
async function rotatedRemainder(reader: NodeReader, node: NodeConfig, cursor: LogCursor, suffix: string, bytes: number, config: BotConfig): Promise<Transferred<{ bytes: Buffer }> | null> {
  if (node.logFile === undefined) return null;
  const chunk = await readChunk(reader, { ...node, logFile: `${node.logFile}${suffix}` }, { from: cursor.offset, maxBytes: bytes }, config);
  if (!chunk.ok || chunk.value.inode !== cursor.inode) return null;
  const rest = chunk.value.bytes;
  // The old file is finished: its last line is whole even without a newline, and must not run into the new file's first.
  return { bytes: rest.length === 0 || rest[rest.length - 1] === 0x0a ? rest : Buffer.concat([rest, Buffer.from('\n')]), transferred: chunk.value.transferred };
}

/** The first read of a poll: filtered on the node when asked and there is a cursor to read after. */
async function firstRead(reader: NodeReader, node: NodeConfig, cursor: LogCursor | null, bytes: number, options: IncrementalOptions, config: BotConfig): Promise<Result<{ step: CursorStep; scanned: number; transferred: number }, string>> {
  if (cursor !== null && options.filter !== undefined) {
    const filtered = await readFilteredChunk(reader, node, nextRange(cursor, bytes), options.filter, config);
    if (!filtered.ok) return filtered;
    const { text, taken, transferred } = filtered.value;
    return ok({ step: advanceFilteredCursor(cursor, { ...filtered.value, lines: Buffer.from(text, 'utf8') }), scanned: taken, transferred });
  }
  const chunk = await readChunk(reader, node, nextRange(cursor, bytes), config);
  if (!chunk.ok) return chunk;
  const step = advanceCursor(cursor, chunk.value, bytes);
  return ok({ step, scanned: step.kind === 'advanced' ? step.lines.length : 0, transferred: chunk.value.transferred });
}

/**
 * Reads what a node's log gained since `cursor` (null: never read), at most `maxBytes` per read.
 * A rotated or truncated file costs a second round trip that reads the new file from its start
 * (a third reads the old file's remainder under its rotated name, when that is configured); a
 * file rotated again between them is left for the next poll, from its start.
 *
 * With `options.filter`, the read after the cursor greps on the node (the cursor still moves by
 * the bytes the node read); rereads after a rotation or truncation read whole, as before.
 */
export async function readLogIncrement(reader: NodeReader, node: NodeConfig, cursor: LogCursor | null, options: IncrementalOptions, config: BotConfig): Promise<IncrementalRead> {
  const bytes = usableReadBytes(config, options.maxBytes);
  const failed = (reason: string): IncrementalRead => ({ kind: 'failed', node: node.name, reason });
  const first = await firstRead(reader, node, cursor, bytes, options, config);
  if (!first.ok) return failed(first.error);
  const { step } = first.value;
  if (step.kind !== 'reread') return { kind: 'read', node: node.name, step, restarted: null, oldFile: null, scannedBytes: first.value.scanned, transferredBytes: first.value.transferred };
  const old = step.reason === 'rotated' && cursor !== null && options.rotatedSuffix !== undefined ? await rotatedRemainder(reader, node, cursor, options.rotatedSuffix, bytes, config) : null;
  const again = await readChunk(reader, node, nextRange(step.cursor, bytes), config);
  if (!again.ok) return failed(again.error);
  const second = advanceCursor(step.cursor, again.value, bytes);
  const settled: Exclude<CursorStep, { kind: 'reread' }> =
    second.kind === 'reread' ? { kind: 'advanced', cursor: second.cursor, from: 0, lines: Buffer.alloc(0), behind: second.cursor.size } : second;
  const withOld = old !== null && settled.kind === 'advanced' ? { ...settled, lines: Buffer.concat([old.bytes, settled.lines]) } : settled;
  return {
    kind: 'read',
    node: node.name,
    step: withOld,
    restarted: step.reason,
    oldFile: step.reason === 'rotated' ? (old === null ? 'not-read' : 'read') : null,
    scannedBytes: withOld.kind === 'advanced' ? withOld.lines.length : 0,
    transferredBytes: first.value.transferred + (old?.transferred ?? 0) + again.value.transferred,
  };
}
