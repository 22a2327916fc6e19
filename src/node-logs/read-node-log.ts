import type { BotConfig, NodeConfig } from '../config/schema';
import { logGrepCommand, logTailCommand, type LogSearchText } from '../rabbit/rabbitmqctl-command';
import type { NodeReader } from '../transport/types';
import { outcomeFailureReason } from '../reply/outcome-reason';
import { backstopSignal } from '../transport/backstop-signal';

/** The end of the log (bounded bytes), or the lines holding a fixed string (grep -F on the node). */
export type LogRequest = { readonly kind: 'tail'; readonly bytes: number } | { readonly kind: 'grep'; readonly text: LogSearchText; readonly maxLines: number };

export type NodeLogRead =
  | {
      readonly kind: 'read';
      readonly node: string;
      readonly request: LogRequest;
      readonly text: string;
      /** The transport kept only the first `maxOutputBytes`. */
      readonly truncated: boolean;
    }
  | { readonly kind: 'failed'; readonly node: string; readonly request: LogRequest; readonly reason: string };

/**
 * Reads a node's log over its transport within the configured deadlines. A dead or hung host ends
 * as `failed` with the reason; grep's exit 1 ("nothing matched") is an empty read, not a failure.
 */
export async function readNodeLog(reader: NodeReader, node: NodeConfig, request: LogRequest, config: BotConfig): Promise<NodeLogRead> {
  const command = request.kind === 'tail' ? logTailCommand(node, { bytes: request.bytes }) : logGrepCommand(node, { text: request.text, maxLines: request.maxLines });
  const base = { node: node.name, request };
  if (!command.ok) return { ...base, kind: 'failed', reason: `no logFile is configured for ${node.name}; add logFile to its entry in the bot config` };
  const outcome = await reader.read(command.value, { signal: backstopSignal(config.deadlines) });
  if (outcome.kind === 'ok') return { ...base, kind: 'read', text: outcome.stdout, truncated: outcome.truncated };
  if (outcome.kind === 'command-failed' && request.kind === 'grep' && outcome.exitCode === 1 && outcome.stderr.trim() === '') {
    return { ...base, kind: 'read', text: '', truncated: false };
  }
  return { ...base, kind: 'failed', reason: `could not read ${node.logFile ?? 'the log'}: ${outcomeFailureReason(outcome)}` };
}
