import { z } from 'zod';
import type { ClusterConfig, NodeConfig } from '../config/schema';
import { err, ok, type Result } from '../result';
import type { Argv, ReadCommand } from '../transport/types';

/**
 * The closed list of read-only remote commands the bot may run, built as argv from the node's
 * config. There is no pass-through: a command that is not a case here (`eval`, `stop_app`,
 * `forget_cluster_node`…) cannot be expressed, and what is built is a `ReadCommand`, which only a
 * node's read runner accepts. Mutating commands live in `mutations/`. Words that come from chat are
 * typed with a brand that only the schemas below hand out, and they always travel as separate argv
 * words, quoted by `transport/remote-command.ts`.
 */

/** Fixed `list_queues` column sets; chat picks one by name, never a column list. */
export const queueColumnSets = {
  /** Where each queue lives; every version has these columns. */
  home: ['name', 'pid', 'durable'],
  /** Quorum membership too (3.8+). */
  full: ['name', 'type', 'durable', 'pid', 'leader', 'members', 'online', 'messages', 'state'],
} as const satisfies Record<string, readonly string[]>;

export type QueueColumnSet = keyof typeof queueColumnSets;

/** Fixed columns of the topology listings compared between a primary and its standby. */
export const topologyColumns = {
  list_exchanges: ['name', 'type', 'durable', 'auto_delete', 'internal'],
  list_bindings: ['source_name', 'source_kind', 'destination_name', 'destination_kind', 'routing_key'],
} as const satisfies Record<string, readonly string[]>;

export type TopologyListing = keyof typeof topologyColumns;

/** `offline`: only queues whose home node is down, the fastest way to list what a dead node took with it. */
export type QueueScope = 'all' | 'offline';

const nodeNamePattern = /^[A-Za-z0-9_.-]+@[A-Za-z0-9_.-]+$/;

/**
 * Vhost and queue names may hold any printable character, so the only limits are: no control
 * characters (which include the line breaks remote-command refuses), AMQP's 255-byte short-string
 * length, and no leading `-`, which the CLI's option parser would read as an option.
 */
const chatNameSchema = z
  .string()
  .min(1, { error: 'must not be empty' })
  .refine((s) => Buffer.byteLength(s, 'utf8') <= 255, { error: 'must be at most 255 bytes' })
  .refine((s) => !/\p{Cc}/u.test(s), { error: 'must not contain control characters' })
  .refine((s) => !s.startsWith('-'), { error: 'must not start with "-"' });

export const vhostNameSchema = chatNameSchema.brand<'VhostName'>();
export type VhostName = z.infer<typeof vhostNameSchema>;

/** A fixed string to look for in a log (`grep -F`): never a regular expression. */
export const logSearchTextSchema = z
  .string()
  .min(1, { error: 'must not be empty' })
  .max(200, { error: 'must be at most 200 characters' })
  .refine((s) => !/\p{Cc}/u.test(s), { error: 'must not contain control characters' })
  .brand<'LogSearchText'>();
export type LogSearchText = z.infer<typeof logSearchTextSchema>;

export type ChatArgumentProblem =
  | { readonly kind: 'invalid-argument'; readonly argument: 'node' | 'vhost' | 'search-text'; readonly message: string }
  | { readonly kind: 'unknown-node'; readonly node: string; readonly cluster: string; readonly knownNodes: readonly string[] };

function parseChatWord<S extends z.ZodType>(schema: S, argument: 'vhost' | 'search-text', input: string): Result<z.output<S>, ChatArgumentProblem> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return ok(parsed.data);
  const reasons = parsed.error.issues.map((i) => i.message).join('; ');
  return err({ kind: 'invalid-argument', argument, message: `${argument} ${reasons}` });
}

export const parseVhostName = (input: string): Result<VhostName, ChatArgumentProblem> => parseChatWord(vhostNameSchema, 'vhost', input);
export const parseLogSearchText = (input: string): Result<LogSearchText, ChatArgumentProblem> => parseChatWord(logSearchTextSchema, 'search-text', input);

/** A node named in chat must look like a node name and be one of the cluster's configured nodes. */
export function resolveConfiguredNode(cluster: ClusterConfig, requested: string): Result<NodeConfig, ChatArgumentProblem> {
  if (!nodeNamePattern.test(requested)) {
    return err({ kind: 'invalid-argument', argument: 'node', message: 'node must look like rabbit@host (letters, digits, _ . - only)' });
  }
  const node = cluster.nodes.find((n) => n.name === requested);
  if (node) return ok(node);
  return err({ kind: 'unknown-node', node: requested, cluster: cluster.name, knownNodes: cluster.nodes.map((n) => n.name) });
}

export type RabbitmqctlQuery =
  | { readonly command: 'status' | 'cluster_status' }
  | { readonly command: 'list_queues'; readonly columns: QueueColumnSet; readonly scope: QueueScope; readonly vhost?: VhostName }
  | { readonly command: TopologyListing; readonly vhost: VhostName };

/** JSON where the version has `--formatter json` (3.8+); the CLI's default otherwise (Erlang terms before 3.7, text after). */
export type RabbitmqctlFormat = 'json' | 'text';

const readCommand = (name: string, argv: Argv) => ({ access: 'read', name, argv }) as ReadCommand;

/** `env NAME=VALUE…` for the node's configured environment (the Erlang cookie's HOME), or nothing. */
export function envWords(node: NodeConfig): Argv {
  const assignments = Object.entries(node.env)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, value]) => `${name}=${value}`);
  return assignments.length > 0 ? ['env', ...assignments] : [];
}

/** The words that address the node: `-n NAME`, and `-l` for long names. Shared with the mutating CLIs. */
export function nodeWords(node: NodeConfig): Argv {
  return ['-n', node.name, ...(node.longNames ? ['-l'] : [])];
}

function queryWords(query: RabbitmqctlQuery): Argv {
  switch (query.command) {
    case 'status':
    case 'cluster_status':
      return [query.command];
    case 'list_queues':
      return [
        'list_queues',
        ...(query.vhost !== undefined ? ['-p', query.vhost] : []),
        ...(query.scope === 'all' ? [] : [`--${query.scope}`]),
        ...queueColumnSets[query.columns],
      ];
    case 'list_exchanges':
    case 'list_bindings':
      return [query.command, '-p', query.vhost, ...topologyColumns[query.command]];
  }
}

/**
 * The command as the node runs it. The node's `commandPrefix` and the remote deadline are not part
 * of it: the SSH transport puts both around every command it runs (see `transport/node-command.ts`).
 */
export function rabbitmqctlCommand(node: NodeConfig, query: RabbitmqctlQuery, format: RabbitmqctlFormat): ReadCommand {
  return readCommand(query.command, [...envWords(node), node.rabbitmqctl, ...nodeWords(node), ...queryWords(query), ...(format === 'json' ? ['--formatter', 'json'] : [])]);
}

export type LogReadProblem = { readonly kind: 'no-log-file'; readonly node: string };

const noLogFile = (node: NodeConfig): Result<never, LogReadProblem> => err({ kind: 'no-log-file', node: node.name });

/** The last `bytes` of the node's log: bounded no matter how large the file has grown. */
export function logTailCommand(node: NodeConfig, options: { readonly bytes: number }): Result<ReadCommand, LogReadProblem> {
  if (node.logFile === undefined) return noLogFile(node);
  return ok(readCommand('tail', ['tail', '-c', String(Math.max(1, Math.floor(options.bytes))), '--', node.logFile]));
}

/**
 * Lines of the node's log containing `text` as a fixed string, at most `maxLines`. grep runs on the
 * node so only candidate lines cross the network; it exits 1 when nothing matched, which the caller
 * reads as "no lines", not as a failure.
 */
export function logGrepCommand(node: NodeConfig, options: { readonly text: LogSearchText; readonly maxLines: number }): Result<ReadCommand, LogReadProblem> {
  if (node.logFile === undefined) return noLogFile(node);
  return ok(readCommand('grep', ['grep', '-F', '-m', String(Math.max(1, Math.floor(options.maxLines))), '-e', options.text, '--', node.logFile]));
}
