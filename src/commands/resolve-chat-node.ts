import type { BotConfig, ClusterConfig, NodeConfig } from '../config/schema';
import { UserFacingError } from '../errors/user-facing-error';
import { pickClusters } from '../inspect/pick-clusters';
import { resolveConfiguredNode } from '../rabbit/rabbitmqctl-command';

export interface ChatNode {
  readonly cluster: ClusterConfig;
  readonly node: NodeConfig;
}

const shortName = (name: string): string => name.slice(0, name.indexOf('@'));

/**
 * A node typed in chat: its full name (`rabbit2@mq2`) or the part before `@` when that is unique
 * across the clusters searched. The full name is then checked by the allowlist's
 * `resolveConfiguredNode`, so nothing reaches a transport that is not a configured node.
 */
export function resolveChatNode(config: BotConfig, requested: string, clusterName?: string): ChatNode {
  const clusters = pickClusters(config, clusterName);
  const candidates = clusters.flatMap((cluster) =>
    cluster.nodes.filter((node) => node.name === requested || (!requested.includes('@') && shortName(node.name) === requested)).map((node) => ({ cluster, name: node.name })),
  );
  const known = clusters.flatMap((c) => c.nodes.map((n) => n.name)).join(', ');
  if (candidates.length > 1) {
    const where = candidates.map((c) => `${c.name} (cluster ${c.cluster.name})`).join(', ');
    throw new UserFacingError('ambiguous-node', `"${requested}" could be ${where}.`, 'Give the full node name, or --cluster NAME.');
  }
  const [candidate] = candidates;
  const resolved = candidate ? resolveConfiguredNode(candidate.cluster, candidate.name) : null;
  if (candidate && resolved?.ok) return { cluster: candidate.cluster, node: resolved.value };
  throw new UserFacingError('unknown-node', `There is no node "${requested}" in the config.`, `Known nodes: ${known}.`);
}
