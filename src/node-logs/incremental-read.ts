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

/**
 * Reads what a node's log gained since `cursor` (null: never read), at most `maxBytes` per read.
 * A rotated or truncated file costs a second round trip that reads the new file from its start;
 * a file rotated again between the two is left for the next poll, from its start.
 *
 * This is where a node-side filter (grep for the catalog's literals) plugs in: the cursor step
 * decides the byte range, and only the lines handed to the analyzer would change.
 */
export async function readLogIncrement(reader: NodeReader, node: NodeConfig, cursor: LogCursor | null, maxBytes: number, config: BotConfig): Promise<IncrementalRead> {
  const bytes = usableReadBytes(config, maxBytes);
  const failed = (reason: string): IncrementalRead => ({ kind: 'failed', node: node.name, reason });
  const first = await readChunk(reader, node, nextRange(cursor, bytes), config);
  if (!first.ok) return failed(first.error);
  const step = advanceCursor(cursor, first.value, bytes);
  if (step.kind !== 'reread') return { kind: 'read', node: node.name, step, restarted: null };
  const again = await readChunk(reader, node, nextRange(step.cursor, bytes), config);
  if (!again.ok) return failed(again.error);
  const second = advanceCursor(step.cursor, again.value, bytes);
  const settled: Exclude<CursorStep, { kind: 'reread' }> =
    second.kind === 'reread' ? { kind: 'advanced', cursor: second.cursor, from: 0, lines: Buffer.alloc(0), behind: second.cursor.size } : second;
  return { kind: 'read', node: node.name, step: settled, restarted: step.reason };
}
