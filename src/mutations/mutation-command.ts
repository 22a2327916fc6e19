import path from 'node:path';
import type { ClusterConfig, NodeConfig } from '../config/schema';
import { envWords, nodeWords, resolveConfiguredNode, type ChatArgumentProblem } from '../rabbit/rabbitmqctl-command';
import { err, ok, type Result } from '../result';
import { toRemoteCommand, type UnsafeArgv } from '../transport/remote-command';
import type { Argv, MutatingCommand } from '../transport/types';

/**
 * The closed list of commands that change a cluster. Each is built as argv from the config and
 * minted as a `MutatingCommand`, which only a node's mutation runner accepts, and that runner is
 * held by the mutation executor alone: nothing here runs anything. Node names are resolved against
 * the cluster's configured nodes, never passed through.
 */
export const mutationActions = [
  'stop_app',
  'start_app',
  'reset',
  'join_cluster',
  'forget_cluster_node',
  'grow_quorum_queues',
  'service_start',
  'service_restart',
  'switch',
  'rollback',
  'wipe_data',
  'management_stop',
  'management_start',
] as const;

export type MutationAction = (typeof mutationActions)[number];

export const isMutationAction = (name: string): name is MutationAction => (mutationActions as readonly string[]).includes(name);

export type Mutation =
  | { readonly action: 'stop_app' | 'start_app' | 'reset' | 'service_start' | 'service_restart'; readonly node: string }
  /** Removes the node's own Mnesia directory (its configured `mnesiaDir`): for a node that cannot boot any more. */
  | { readonly action: 'wipe_data'; readonly node: string }
  /** Run on `node`: joins the cluster `seed` belongs to. */
  | { readonly action: 'join_cluster'; readonly node: string; readonly seed: string }
  /** Run on `node`, a running member (or, with `offline`, a stopped one): removes `forget` from the cluster. */
  | { readonly action: 'forget_cluster_node'; readonly node: string; readonly forget: string; readonly offline: boolean }
  /** `rabbitmq-queues grow MEMBER all`, asked of `node`: adds MEMBER back to every quorum queue. */
  | { readonly action: 'grow_quorum_queues'; readonly node: string; readonly member: string }
  /** The cluster's configured traffic switch, or its rollback, on the node the config names. */
  | { readonly action: 'switch' }
  | { readonly action: 'rollback' }
  /** Stops or starts the management plugin on `node`, the way its version allows (see `managementPluginWords`). */
  | { readonly action: 'management_stop' | 'management_start'; readonly node: string; readonly via: ManagementRestartVia };

/**
 * `plugins`: `rabbitmq-plugins disable|enable --online`, which changes a running node since 3.4 and
 * also records the choice in enabled_plugins. `eval`: `application:stop|start(rabbitmq_management)`,
 * the incident's command on 3.2, where rabbitmq-plugins only edits the file for the next boot.
 */
export type ManagementRestartVia = 'plugins' | 'eval';

export type MutationProblem =
  | ChatArgumentProblem
  | { readonly kind: 'same-node'; readonly action: MutationAction; readonly node: string }
  | { readonly kind: 'not-configured'; readonly action: MutationAction; readonly key: 'serviceStart' | 'serviceRestart' | 'switch' | 'rollback' | 'mnesiaDir'; readonly where: string }
  /** A wipe only ever removes a directory named after the node itself, never a parent of it. */
  | { readonly kind: 'wipe-not-the-node-dir'; readonly node: string; readonly dir: string }
  | UnsafeArgv;

/** A mutating command and where it runs, ready to be planned as a step. */
export interface MutationPlan {
  readonly cluster: string;
  readonly node: string;
  readonly command: MutatingCommand;
}

const mint = (action: MutationAction, argv: Argv) => ({ access: 'mutate', name: action, argv }) as MutatingCommand;

/** `rabbitmq-queues` and `rabbitmq-plugins` ship next to `rabbitmqctl` in every package layout. */
function siblingCli(node: NodeConfig, name: 'rabbitmq-queues' | 'rabbitmq-plugins'): string {
  return node.rabbitmqctl.includes('/') ? path.posix.join(path.posix.dirname(node.rabbitmqctl), name) : name;
}

/** Constant words only: nothing from chat reaches an `eval`. */
function managementPluginWords(node: NodeConfig, action: 'management_stop' | 'management_start', via: ManagementRestartVia): Argv {
  const start = action === 'management_start';
  if (via === 'eval') return rabbitmqctl(node, ['eval', `application:${start ? 'start' : 'stop'}(rabbitmq_management).`]);
  return [...envWords(node), siblingCli(node, 'rabbitmq-plugins'), ...nodeWords(node), start ? 'enable' : 'disable', '--online', 'rabbitmq_management'];
}

const rabbitmqctl = (node: NodeConfig, words: Argv): Argv => [...envWords(node), node.rabbitmqctl, ...nodeWords(node), ...words];

function otherNode(cluster: ClusterConfig, node: NodeConfig, action: MutationAction, name: string): Result<NodeConfig, MutationProblem> {
  const other = resolveConfiguredNode(cluster, name);
  if (other.ok && other.value.name === node.name) return err({ kind: 'same-node', action, node: node.name });
  return other;
}

function clusterCommand(cluster: ClusterConfig, action: 'switch' | 'rollback'): Result<{ node: NodeConfig; argv: Argv }, MutationProblem> {
  const configured = cluster[action];
  if (configured === undefined) return err({ kind: 'not-configured', action, key: action, where: `cluster ${cluster.name}` });
  const node = resolveConfiguredNode(cluster, configured.node);
  return node.ok ? ok({ node: node.value, argv: configured.argv }) : node;
}

function nodeCommand(cluster: ClusterConfig, mutation: Exclude<Mutation, { readonly action: 'switch' | 'rollback' }>): Result<{ node: NodeConfig; argv: Argv }, MutationProblem> {
  const resolved = resolveConfiguredNode(cluster, mutation.node);
  if (!resolved.ok) return resolved;
  const node = resolved.value;
  const on = (argv: Argv) => ok({ node, argv });
  switch (mutation.action) {
    case 'stop_app':
    case 'start_app':
    case 'reset':
      return on(rabbitmqctl(node, [mutation.action]));
    case 'join_cluster': {
      const seed = otherNode(cluster, node, mutation.action, mutation.seed);
      return seed.ok ? on(rabbitmqctl(node, ['join_cluster', seed.value.name])) : seed;
    }
    case 'forget_cluster_node': {
      const forget = otherNode(cluster, node, mutation.action, mutation.forget);
      return forget.ok ? on(rabbitmqctl(node, ['forget_cluster_node', ...(mutation.offline ? ['--offline'] : []), forget.value.name])) : forget;
    }
    case 'grow_quorum_queues': {
      const member = resolveConfiguredNode(cluster, mutation.member);
      return member.ok ? on([...envWords(node), siblingCli(node, 'rabbitmq-queues'), ...nodeWords(node), 'grow', member.value.name, 'all']) : member;
    }
    case 'service_start':
    case 'service_restart': {
      const key = mutation.action === 'service_start' ? 'serviceStart' : 'serviceRestart';
      const argv = node[key];
      return argv === undefined ? err({ kind: 'not-configured', action: mutation.action, key, where: `node ${node.name}` }) : on(argv);
    }
    case 'wipe_data': {
      const dir = node.mnesiaDir;
      if (dir === undefined) return err({ kind: 'not-configured', action: mutation.action, key: 'mnesiaDir', where: `node ${node.name}` });
      // Normalized as written (no `..`, `//` or trailing slash) and named after the node: the path removed is the one read.
      if (path.posix.normalize(dir) !== dir || path.posix.basename(dir) !== node.name) return err({ kind: 'wipe-not-the-node-dir', node: node.name, dir });
      return on(['rm', '-rf', '--', dir]);
    }
    case 'management_stop':
    case 'management_start':
      return on(managementPluginWords(node, mutation.action, mutation.via));
  }
}

/**
 * Builds a mutation of `cluster` from the closed list. Every argv is checked by the one quoting
 * function here, so a command that could not travel intact is refused before it is planned.
 */
export function buildMutation(cluster: ClusterConfig, mutation: Mutation): Result<MutationPlan, MutationProblem> {
  const built = mutation.action === 'switch' || mutation.action === 'rollback' ? clusterCommand(cluster, mutation.action) : nodeCommand(cluster, mutation);
  if (!built.ok) return built;
  const quoted = toRemoteCommand(built.value.argv);
  if (!quoted.ok) return quoted;
  return ok({ cluster: cluster.name, node: built.value.node.name, command: mint(mutation.action, built.value.argv) });
}

/**
 * A step's command as the journal recorded it, for the executor to send: the action must still be
 * one of the closed list and the argv must still quote safely.
 */
export function mutationFromRecord(action: string, argv: Argv): Result<MutatingCommand, { readonly kind: 'not-a-mutation'; readonly action: string } | UnsafeArgv> {
  if (!isMutationAction(action)) return err({ kind: 'not-a-mutation', action });
  const quoted = toRemoteCommand(argv);
  return quoted.ok ? ok(mint(action, argv)) : quoted;
}

/** One sentence naming the problem and the fix. */
export function describeMutationProblem(problem: MutationProblem): string {
  switch (problem.kind) {
    case 'invalid-argument':
      return problem.message;
    case 'unknown-node':
      return `there is no node ${problem.node} in cluster ${problem.cluster}; its nodes are ${problem.knownNodes.join(', ')}`;
    case 'same-node':
      return `${problem.action} needs another node than ${problem.node}, the one it runs on`;
    case 'not-configured':
      return `${problem.action} is not configured for ${problem.where}: add ${problem.key} to its entry in the bot config`;
    case 'wipe-not-the-node-dir':
      return `refusing to wipe ${problem.dir}: mnesiaDir of ${problem.node} must be a plain absolute path whose last part is the node name (e.g. /var/lib/rabbitmq/mnesia/${problem.node})`;
    case 'unsafe-argv':
      return `cannot send the command intact: ${problem.message}`;
  }
}
