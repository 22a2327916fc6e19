import type { Services } from '../commands/types';
import type { ClusterConfig, NodeConfig } from '../config/schema';
import type { NodeReport } from '../inspect/cluster-inspector';
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
  const host = async (node: NodeConfig) => listener.vitals(await collectNodeVitals(readerFor(cluster.name, node.name), node, config));
  const hosts = cluster.nodes.map(host);
  if (management === undefined) {
    await Promise.all([inspector.inspect(cluster.name, (report) => listener.report(report, { via: 'rabbitmqctl', apiMissed: null })), ...hosts]);
    return;
  }
  const broker = async (node: NodeConfig) => {
    const api = await readStatusViaApi(readerFor(cluster.name, node.name), cluster.name, node, management, config.deadlines);
    if (api.kind === 'read') return listener.report(api.report, { via: 'management-api' });
    // Each node falls back on its own: a silent API elsewhere does not hold this node's rabbitmqctl.
    await inspector.inspect(cluster.name, (report) => listener.report(report, { via: 'rabbitmqctl', apiMissed: api.reason }), [node.name]);
  };
  await Promise.all([...cluster.nodes.map(broker), ...hosts]);
}
