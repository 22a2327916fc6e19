import { worstMark, type Block, type Reply, type StatusMark } from '../reply/model';
import { describeCanary, describeConnectFailure, describeEndpoint, describeQueueOutcome } from './describe-probe';
import type { ClusterProbe } from './probe-result';

/** One table row per endpoint and vhost, then one per critical queue: what a client would see. */
export function probeBlocks(probe: ClusterProbe): { readonly blocks: Block[]; readonly mark: StatusMark } {
  const marks: StatusMark[] = [];
  const rows: string[][] = [];
  const queueRows: string[][] = [];
  for (const { endpoint, vhosts } of probe.endpoints) {
    for (const v of vhosts) {
      const where = describeEndpoint(endpoint);
      if (v.kind === 'unreachable') {
        marks.push('critical');
        rows.push([where, v.vhost, '✖ unreachable', describeConnectFailure(v.failure)]);
        continue;
      }
      const canary = describeCanary(v.canary);
      marks.push(canary.mark);
      const server = [v.server.clusterName ?? 'unnamed cluster', v.server.version].filter((s) => s !== null).join(' ');
      rows.push([where, v.vhost, `connected in ${v.connectMs} ms to ${server}`, v.blocked === null ? canary.text : `BLOCKED (${v.blocked}); ${canary.text}`]);
      for (const q of v.queues) {
        const outcome = describeQueueOutcome(q.outcome);
        marks.push(outcome.mark);
        queueRows.push([q.name, q.vhost, where, outcome.text]);
      }
    }
  }
  const blocks: Block[] = [{ kind: 'table', title: `AMQP endpoints of ${probe.cluster}`, columns: ['endpoint', 'vhost', 'connection', 'canary'], rows }];
  if (queueRows.length > 0) blocks.push({ kind: 'table', title: 'Critical queues (passive declare, as clients see it)', columns: ['queue', 'vhost', 'via', 'answer'], rows: queueRows });
  return { blocks, mark: worstMark(marks) };
}

const summaryOf = (probe: ClusterProbe, mark: StatusMark): string => {
  const downQueues = probe.endpoints.flatMap((e) => e.vhosts.flatMap((v) => (v.kind === 'connected' ? v.queues.filter((q) => q.outcome.kind !== 'available') : [])));
  const names = [...new Set(downQueues.map((q) => q.name))];
  if (names.length > 0) return `${probe.cluster}: critical queue${names.length > 1 ? 's' : ''} ${names.join(', ')} unavailable to clients`;
  return mark === 'ok' ? `${probe.cluster}: every AMQP endpoint carries messages` : `${probe.cluster}: AMQP probe found problems`;
};

export function buildProbeReply(cluster: string, probe: ClusterProbe | null): Reply {
  if (probe === null) {
    const summary = `${cluster}: no amqp section in the config, nothing to probe`;
    return { summary, mark: 'unknown', blocks: [{ kind: 'text', text: summary, mark: 'unknown' }, { kind: 'context', text: 'Add amqp: { endpoints, username, password, criticalQueues } to the cluster to probe it as clients see it.' }] };
  }
  const { blocks, mark } = probeBlocks(probe);
  const summary = summaryOf(probe, mark);
  return { summary, mark, blocks: [{ kind: 'header', text: summary }, ...blocks] };
}
