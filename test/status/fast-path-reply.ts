import type { ClusterConfig } from '../../src/config/schema';
import type { Reply } from '../../src/reply/model';
import type { StatusSource } from '../../src/status/inspect-status';
import { buildStatusReply } from '../../src/status/status-reply';
import type { NodeVitals } from '../../src/vitals/collect-vitals';
import type { HostVitals } from '../../src/vitals/host-vitals';
import { markVitals } from '../../src/vitals/mark-vitals';
import { defaultVitalsConfig } from '../../src/vitals/vitals-config';
import { clusterView, healthyStatus, upReport } from '../helpers/node-reports';

/** A quiet 4-CPU host: every value of the status line known and ok. */
export const quietHost: HostVitals = {
  uptimeSeconds: 86_400,
  load: { one: 0.8, five: 0.6, fifteen: 0.5 },
  cpuCount: 4,
  cpu: { stealPercent: 0.4, iowaitPercent: 0.1, busyPercent: 12 },
  memory: { totalBytes: 16 * 2 ** 30, availableBytes: 11.2 * 2 ** 30, availableEstimated: false, swapTotalBytes: 0, swapUsedBytes: 0 },
  disk: { filesystem: '/dev/sda1', mountedOn: '/', totalBytes: 1e11, availableBytes: 6e10, usedPercent: 40 },
  diskProblem: null,
  tcp: { states: null, timeWait: null, orphans: null, retransmitsPerSecond: null, retransmitPercent: null, retransmitsTotal: null, listenOverflowsPerSecond: null, listenDropsPerSecond: null, listenDropsTotal: null },
  clock: null,
  kernel: null,
  sampleSeconds: 1,
};

export const read = (node: string, vitals: HostVitals): NodeVitals => ({ kind: 'read', node, vitals, readings: markVitals(vitals, defaultVitalsConfig), durationMs: 1_100 });

/**
 * `/rmq status` of a 3-node cluster as the fast path answers it: two nodes read through their
 * management API, the third through rabbitmqctl because its API is silent (the incident's case),
 * each with its host's vitals line; the second host suffers the hypervisor's steal.
 */
export function fastPathStatusReply(cluster: ClusterConfig): Reply {
  const names = cluster.nodes.map((n) => n.name);
  const [first, second, third] = names as [string, string, string];
  const apiView = (node: string) => ({ ...clusterView(node, names, names), format: 'json' as const });
  const apiStatus = (node: string) => ({ ...healthyStatus(node), erlangVersion: null, format: 'json' as const });
  const reports = [
    upReport(cluster.name, first, apiView(first), { status: apiStatus(first), durationMs: 35 }),
    upReport(cluster.name, second, apiView(second), { status: apiStatus(second), durationMs: 41 }),
    upReport(cluster.name, third, clusterView(third, names, names), { durationMs: 1_950 }),
  ];
  const sources = new Map<string, StatusSource>([
    [first, { via: 'management-api' }],
    [second, { via: 'management-api' }],
    [third, { via: 'rabbitmqctl', apiMissed: 'no answer within 1500 ms' }],
  ]);
  const vitals = new Map<string, NodeVitals>([
    [first, read(first, quietHost)],
    [second, read(second, { ...quietHost, load: { one: 9.2, five: 7.5, fifteen: 4 }, cpu: { stealPercent: 31.5, iowaitPercent: 2, busyPercent: 95 } })],
    [third, read(third, quietHost)],
  ]);
  return buildStatusReply([{ cluster, reports, sources, vitals }], 2_010, true);
}
