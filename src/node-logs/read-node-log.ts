import type { BotConfig, NodeConfig } from '../config/schema';
import { logTailCommand, type LogSearchText } from '../rabbit/rabbitmqctl-command';
import type { NodeReader } from '../transport/types';
import { outcomeFailureReason } from '../reply/outcome-reason';
import { backstopSignal } from '../transport/backstop-signal';
import { readFilteredLog, signatureFilter, textFilter } from './remote-grep';

/**
 * The end of the log (bounded bytes), or the lines holding a fixed string with the lines around
 * them. A tail for the analyzer (`signaturesOnly`) is filtered on the node: only what the catalog
 * could match crosses the network.
 */
export type LogRequest =
  | { readonly kind: 'tail'; readonly bytes: number; readonly signaturesOnly?: boolean }
  | { readonly kind: 'grep'; readonly text: LogSearchText; readonly maxLines: number };

export type NodeLogRead =
  | {
      readonly kind: 'read';
      readonly node: string;
      readonly request: LogRequest;
      readonly text: string;
      /** Bytes of the log read on the node, and bytes that crossed SSH to get `text`. */
      readonly scannedBytes: number;
      readonly transferredBytes: number;
      /** The transport kept only the first `maxOutputBytes`. */
      readonly truncated: boolean;
    }
  | { readonly kind: 'failed'; readonly node: string; readonly request: LogRequest; readonly reason: string };

async function readTail(reader: NodeReader, node: NodeConfig, bytes: number, config: BotConfig): Promise<NodeLogRead> {
  const request: LogRequest = { kind: 'tail', bytes };
  const command = logTailCommand(node, { bytes });
  const base = { node: node.name, request };
  if (!command.ok) return { ...base, kind: 'failed', reason: `no logFile is configured for ${node.name}; add logFile to its entry in the bot config` };
  const outcome = await reader.read(command.value, { signal: backstopSignal(config.deadlines) });
  if (outcome.kind !== 'ok') return { ...base, kind: 'failed', reason: `could not read ${node.logFile ?? 'the log'}: ${outcomeFailureReason(outcome)}` };
  const transferred = Buffer.byteLength(outcome.stdout, 'utf8');
  return { ...base, kind: 'read', text: outcome.stdout, scannedBytes: transferred, transferredBytes: transferred, truncated: outcome.truncated };
}

/**
 * Reads a node's log over its transport within the configured deadlines. A dead or hung host ends
 * as `failed` with the reason; a grep that matched nothing is an empty read, not a failure.
 */
export async function readNodeLog(reader: NodeReader, node: NodeConfig, request: LogRequest, config: BotConfig): Promise<NodeLogRead> {
  if (request.kind === 'tail' && request.signaturesOnly !== true) return readTail(reader, node, request.bytes, config);
  const filter = request.kind === 'tail' ? signatureFilter({ kind: 'tail', bytes: request.bytes }) : textFilter({ kind: 'whole' }, request.text, request.maxLines);
  const read = await readFilteredLog(reader, node, filter, config);
  return read.kind === 'read' ? { ...read, node: node.name, request } : { ...read, node: node.name, request };
}
