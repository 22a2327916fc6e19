import type { Services } from '../commands/types';
import type { ClusterConfig, NodeConfig } from '../config/schema';
import type { NodeReport } from '../inspect/cluster-inspector';
import type { NodeReader } from '../transport/types';
import { collectNodeVitals, type NodeVitals } from '../vitals/collect-vitals';
import { readStatusViaApi } from './read-status-via-api';

/** Where a node's report came from: its management API, or rabbitmqctl (and why not the API, when it is configured). */
export type StatusSource = { readonly via: 'management-api' } | { readonly via: 'rabbitmqctl'; readonly apiMissed: string | null };

export interface StatusListener {
  readonly report: (report: NodeReport, source: StatusSource) => void;
  readonly vitals: (vitals: NodeVitals) => void;
}

/**
 * `/rmq status` for one cluster, every node on its own: one `/api/nodes` call over the node's open
 * SSH connection where the management API is configured and answers, else `status` and
 * `cluster_status` through rabbitmqctl (a CLI VM each). Both feed the same NodeReport. The host's
 * vitals go in parallel on the same connection: one more round trip per node, no more.
 */
export async function inspectStatus(services: Services, cluster: ClusterConfig, listener: StatusListener): Promise<void> {
  const { config, readerFor, inspector } = services;
  const management = config.management;
  // A host the broker's calls could not SSH to gets no vitals call: queued behind them, it would
  // open a second connection attempt and hold the reply for another connect deadline.
  const unreachable = new Map(cluster.nodes.map((n) => [n.name, new AbortController()]));
  const report = (nodeReport: NodeReport, source: StatusSource) => {
    if (nodeReport.kind === 'ssh-failed') unreachable.get(nodeReport.node)?.abort();
    listener.report(nodeReport, source);
  };
  const host = async (node: NodeConfig) => {
    const reader = readerFor(cluster.name, node.name);
    const signal = unreachable.get(node.name)?.signal;
    const guarded: NodeReader = { read: (command, options) => reader.read(command, { ...options, signal }), openLoopbackChannel: reader.openLoopbackChannel };
    listener.vitals(await collectNodeVitals(guarded, node, config, Date.now, 'quick'));
  };
  // The vitals call waits in the host's own queue (`queue: 'host-read'`), so it runs beside the broker's calls, not after them.
  if (management === undefined) {
    const brokers = inspector.inspect(cluster.name, (r) => report(r, { via: 'rabbitmqctl', apiMissed: null }));
    await Promise.all([brokers, ...cluster.nodes.map(host)]);
    return;
  }
  const broker = async (node: NodeConfig) => {
    const api = await readStatusViaApi(readerFor(cluster.name, node.name), cluster.name, node, management, config.deadlines);
    if (api.kind === 'read') return report(api.report, { via: 'management-api' });
    // Each node falls back on its own: a silent API elsewhere does not hold this node's rabbitmqctl.
    await inspector.inspect(cluster.name, (r) => report(r, { via: 'rabbitmqctl', apiMissed: api.reason }), [node.name]);
  };
  const brokers = cluster.nodes.map(broker);
  await Promise.all([...brokers, ...cluster.nodes.map(host)]);
}
