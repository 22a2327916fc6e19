import type { ClusterConfig, DeadlinesConfig, NodeConfig } from '../config/schema';
import { rabbitmqctlStdout } from '../diagnose/rabbitmqctl-stdout';
import { parseListQueues } from '../rabbit/parse-list-queues';
import { parseListBindings, parseListExchanges } from '../rabbit/parse-topology';
import { parseVhostName, queueColumnSets, type RabbitmqctlQuery, type VhostName } from '../rabbit/rabbitmqctl-command';
import type { RabbitmqctlRunner } from '../rabbit/rabbitmqctl-runner';
import { err, ok, type Result } from '../result';
import { backstopSignal } from '../transport/backstop-signal';
import type { Topology } from './topology';

export interface ReadTopology {
  /** The node that listed it. */
  readonly from: string;
  readonly topology: Topology;
}

/** JSON where the CLI has it (3.8+), text before; the runner remembers which one a node refused. */
async function list<Q extends RabbitmqctlQuery, T>(runner: RabbitmqctlRunner, cluster: string, node: NodeConfig, query: Q, deadlines: DeadlinesConfig, parse: (stdout: string) => Result<T, string>): Promise<Result<T, string>> {
  const { outcome } = await runner.ask(cluster, node, [{ query, format: 'json' }, { query, format: 'text' }], backstopSignal(deadlines));
  const stdout = rabbitmqctlStdout(outcome);
  return stdout.ok ? parse(stdout.value) : err(`${query.command}: ${stdout.error}`);
}

async function readFrom(runner: RabbitmqctlRunner, cluster: string, node: NodeConfig, vhosts: readonly VhostName[], deadlines: DeadlinesConfig): Promise<Result<Topology, string>> {
  const perVhost = await Promise.all(
    vhosts.map(async (vhost) => {
      const [exchanges, queues, bindings] = await Promise.all([
        list(runner, cluster, node, { command: 'list_exchanges', vhost }, deadlines, (s) => parseListExchanges(s, vhost)),
        list(runner, cluster, node, { command: 'list_queues', columns: 'home', scope: 'all', vhost }, deadlines, (s) => parseListQueues(s, { vhost, columns: queueColumnSets.home })),
        list(runner, cluster, node, { command: 'list_bindings', vhost }, deadlines, (s) => parseListBindings(s, vhost)),
      ]);
      if (!exchanges.ok) return exchanges;
      if (!queues.ok) return queues;
      if (!bindings.ok) return bindings;
      return ok({ exchanges: exchanges.value, queues: queues.value.map((q) => ({ vhost: q.vhost, name: q.name })), bindings: bindings.value });
    }),
  );
  const failed = perVhost.find((r) => !r.ok);
  if (failed !== undefined && !failed.ok) return failed;
  const parts = perVhost.flatMap((r) => (r.ok ? [r.value] : []));
  return ok({ exchanges: parts.flatMap((p) => p.exchanges), queues: parts.flatMap((p) => p.queues), bindings: parts.flatMap((p) => p.bindings) });
}

/**
 * The cluster's exchanges, queues and bindings in the given vhosts, from the first node that lists
 * all of them (topology is cluster-wide, so any running member answers for all).
 */
export async function readTopology(runner: RabbitmqctlRunner, cluster: ClusterConfig, vhostNames: readonly string[], deadlines: DeadlinesConfig): Promise<Result<ReadTopology, string>> {
  const vhosts: VhostName[] = [];
  for (const name of vhostNames) {
    const parsed = parseVhostName(name);
    if (!parsed.ok) return err(`cannot list vhost "${name}": ${parsed.error.kind === 'invalid-argument' ? parsed.error.message : parsed.error.kind}`);
    vhosts.push(parsed.value);
  }
  const reasons: string[] = [];
  for (const node of cluster.nodes) {
    const topology = await readFrom(runner, cluster.name, node, vhosts, deadlines);
    if (topology.ok) return ok({ from: node.name, topology: topology.value });
    reasons.push(`${node.name}: ${topology.error}`);
  }
  return err(`no node of ${cluster.name} listed its topology (${reasons.join('; ')})`);
}
