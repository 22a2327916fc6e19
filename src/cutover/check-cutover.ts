import { probeCluster, probeDeadlines } from '../amqp/probe-cluster';
import type { BotConfig, ClusterConfig } from '../config/schema';
import { UserFacingError } from '../errors/user-facing-error';
import type { ClusterInspector } from '../inspect/cluster-inspector';
import type { RabbitmqctlRunner } from '../rabbit/rabbitmqctl-runner';
import type { SecretSources } from '../secrets/load-secret';
import { takeSnapshot } from '../snapshot/cluster-snapshot';
import { readTopology } from './read-topology';
import { judgeStandbyHealth, type StandbyHealth } from './standby-health';
import { diffTopology, type TopologyDifference } from './topology';

export interface CutoverSources {
  readonly config: BotConfig;
  readonly inspector: ClusterInspector;
  readonly rabbitmqctl: RabbitmqctlRunner;
  readonly secrets: SecretSources;
}

export type TopologyParity =
  | { readonly kind: 'compared'; readonly vhosts: readonly string[]; readonly primaryFrom: string; readonly standbyFrom: string; readonly differences: readonly TopologyDifference[] }
  | { readonly kind: 'not-compared'; readonly reason: string };

export interface CutoverCheck {
  readonly primary: string;
  readonly standby: string;
  readonly health: StandbyHealth;
  readonly parity: TopologyParity;
}

/** The standby that backs a primary: the one cluster with role standby (the config names no pairing yet). */
export function pickCutoverPair(config: BotConfig, primaryName: string | undefined): { readonly primary: ClusterConfig; readonly standby: ClusterConfig } {
  const primaries = config.clusters.filter((c) => c.role === 'primary');
  const standbys = config.clusters.filter((c) => c.role === 'standby');
  const primary = primaryName === undefined ? (primaries.length === 1 ? primaries[0] : undefined) : primaries.find((c) => c.name === primaryName);
  if (primary === undefined) {
    throw new UserFacingError('unknown-cluster', primaryName === undefined ? 'Name the primary cluster to check the cutover of.' : `There is no primary cluster named "${primaryName}".`, `Primary clusters: ${primaries.map((c) => c.name).join(', ') || 'none'}.`);
  }
  const [standby, ...others] = standbys;
  if (standby === undefined || others.length > 0) {
    throw new UserFacingError('unknown-cluster', standby === undefined ? 'No cluster has role standby, so there is nothing to cut over to.' : `Several standby clusters are configured (${standbys.map((c) => c.name).join(', ')}); cutover checks need exactly one.`, 'Describe the standby cluster in the config with role: standby.');
  }
  return { primary, standby };
}

/** Status over SSH of every standby node plus an AMQP canary on every standby endpoint. */
export async function checkStandbyHealth(standby: ClusterConfig, sources: CutoverSources): Promise<StandbyHealth> {
  const [reports, probe] = await Promise.all([sources.inspector.inspect(standby.name), probeCluster(standby, probeDeadlines(sources.config.deadlines), sources.secrets)]);
  return judgeStandbyHealth(takeSnapshot(standby.name, reports), probe);
}

/** The primary's exchanges, queues and bindings of its configured vhosts that the standby lacks. */
export async function checkTopologyParity(primary: ClusterConfig, standby: ClusterConfig, sources: CutoverSources): Promise<TopologyParity> {
  const vhosts = primary.amqp?.vhosts ?? ['/'];
  const read = (cluster: ClusterConfig) => readTopology(sources.rabbitmqctl, cluster, vhosts, sources.config.deadlines);
  const [fromPrimary, fromStandby] = await Promise.all([read(primary), read(standby)]);
  if (!fromPrimary.ok) return { kind: 'not-compared', reason: fromPrimary.error };
  if (!fromStandby.ok) return { kind: 'not-compared', reason: fromStandby.error };
  return { kind: 'compared', vhosts, primaryFrom: fromPrimary.value.from, standbyFrom: fromStandby.value.from, differences: diffTopology(fromPrimary.value.topology, fromStandby.value.topology) };
}

/** Both read-only pre-checks of a cutover, run at the same time. */
export async function checkCutover(primary: ClusterConfig, standby: ClusterConfig, sources: CutoverSources): Promise<CutoverCheck> {
  const [health, parity] = await Promise.all([checkStandbyHealth(standby, sources), checkTopologyParity(primary, standby, sources)]);
  return { primary: primary.name, standby: standby.name, health, parity };
}
