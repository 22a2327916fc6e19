import type { ApiNode } from '../management/management-model';
import type { ClusterView, NodeStatus } from '../rabbit/model';

/** The alarm names `rabbitmqctl status` uses, so both paths feed the same facts. */
function alarmsOf(entry: ApiNode): string[] {
  return [...(entry.mem_alarm === true ? ['memory'] : []), ...(entry.disk_free_alarm === true ? ['disk'] : [])];
}

const orNull = (n: number | undefined): number | null => n ?? null;

/**
 * Pure: what `status` and `cluster_status` would have said of `node`, from the one `/api/nodes`
 * answer of that node's own API. Null when the answer does not list the node as running with its
 * figures (the API of a node that is stopping, of another node behind the same port, or of a plugin
 * started less than one stats interval ago): the caller then asks rabbitmqctl.
 */
export function readApiNodes(entries: readonly ApiNode[], node: string): { status: NodeStatus; view: ClusterView } | null {
  const own = entries.find((e) => e.name === node);
  if (own === undefined || !own.running || own.mem_used === undefined || own.uptime === undefined) return null;
  const status: NodeStatus = {
    node: own.name,
    rabbitmqVersion: own.applications?.find((a) => a.name === 'rabbit')?.version ?? null,
    // /api/nodes does not carry it; /api/overview would cost a second call.
    erlangVersion: null,
    uptimeSeconds: own.uptime === undefined ? null : Math.floor(own.uptime / 1000),
    memory: { totalBytes: orNull(own.mem_used), limitBytes: orNull(own.mem_limit), breakdown: {} },
    alarms: alarmsOf(own),
    fileDescriptors: { used: orNull(own.fd_used), limit: orNull(own.fd_total) },
    sockets: { used: orNull(own.sockets_used), limit: orNull(own.sockets_total) },
    processes: { used: orNull(own.proc_used), limit: orNull(own.proc_total) },
    disk: { freeBytes: orNull(own.disk_free), limitBytes: orNull(own.disk_free_limit) },
    format: 'json',
    complete: true,
  };
  const running = entries.filter((e) => e.running);
  const view: ClusterView = {
    node: own.name,
    clusterName: null,
    discNodes: entries.filter((e) => e.type !== 'ram').map((e) => e.name),
    ramNodes: entries.filter((e) => e.type === 'ram').map((e) => e.name),
    runningNodes: running.map((e) => e.name),
    partitions: running.filter((e) => (e.partitions ?? []).length > 0).map((e) => ({ node: e.name, cannotSee: e.partitions ?? [] })),
    alarms: running.map((e) => ({ node: e.name, alarms: alarmsOf(e) })).filter((a) => a.alarms.length > 0),
    format: 'json',
    complete: true,
  };
  return { status, view };
}
