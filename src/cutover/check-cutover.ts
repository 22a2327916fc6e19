import { probeCluster, probeDeadlines } from '../amqp/probe-cluster';
import type { Services } from '../commands/types';
import type { BotConfig, ClusterConfig } from '../config/schema';
import type { ClusterInspector } from '../inspect/cluster-inspector';
import { createRabbitmqctlRunner, type RabbitmqctlRunner } from '../rabbit/rabbitmqctl-runner';
import { processSecretSources, type SecretSources } from '../secrets/load-secret';
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

/** What the cutover checks read through: the services a command already holds. */
export function cutoverSources(services: Services): CutoverSources {
  return { config: services.config, inspector: services.inspector, rabbitmqctl: createRabbitmqctlRunner(services.readerFor), secrets: processSecretSources };
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
