import type { ClusterConfig } from '../config/schema';
import { reachOf, type NodeReport } from '../inspect/cluster-inspector';
import { formatBytes, formatMs } from '../reply/format';
import { worstMark, type Block, type Field, type Reply, type StatusMark } from '../reply/model';
import { findSignature } from '../signatures/catalog';
import { NO_SIGHTING } from '../signatures/finding';
import { FindingCollector } from '../signatures/finding-collector';
import { nodeReason, reachLabel } from '../status/node-reason';
import type { Overview } from './management-model';
import type { ManagementProbe } from './probe-management';

export interface ClusterManagement {
  readonly cluster: ClusterConfig;
  readonly probes: readonly ManagementProbe[];
  readonly reports: readonly NodeReport[];
}

const silentWords = {
  'nothing-listens': 'nothing listens on its port (plugin disabled or crashed)',
  timeout: 'no answer within the deadline',
  closed: 'the connection closed without an answer',
  'http-error': 'answered with an error',
  ssh: 'could not be reached over SSH',
} as const;

const perSecond = (d: { rate?: number | undefined } | undefined) => (d?.rate === undefined ? '–' : `${d.rate.toFixed(1)}/s`);

function overviewFields(o: Overview): Field[] {
  const m = o.message_stats;
  const q = o.queue_totals;
  const t = o.object_totals;
  const c = o.churn_rates;
  const fields: Field[] = [{ label: 'Rates', value: `publish ${perSecond(m?.publish_details)}, deliver ${perSecond(m?.deliver_get_details)}, ack ${perSecond(m?.ack_details)}` }];
  if (q?.messages !== undefined) fields.push({ label: 'Messages', value: `${q.messages ?? '–'} (ready ${q.messages_ready ?? '–'}, unacked ${q.messages_unacknowledged ?? '–'})` });
  if (t) fields.push({ label: 'Objects', value: `${t.connections ?? '–'} connections, ${t.channels ?? '–'} channels, ${t.queues ?? '–'} queues, ${t.consumers ?? '–'} consumers` });
  if (c?.connection_created_details?.rate !== undefined) fields.push({ label: 'Churn', value: `connections +${perSecond(c.connection_created_details)} −${perSecond(c.connection_closed_details)}, channels +${perSecond(c.channel_created_details)} −${perSecond(c.channel_closed_details)}` });
  return fields;
}

function memoryField(memory: Readonly<Record<string, number>>): Field {
  const top = Object.entries(memory).sort(([, a], [, b]) => b - a).slice(0, 3);
  const plugins = memory['plugins'];
  const negative = plugins !== undefined && plugins < 0;
  return {
    label: 'Memory',
    value: `${top.map(([k, v]) => `${k} ${formatBytes(v)}`).join(', ')}${plugins !== undefined && !top.some(([k]) => k === 'plugins') ? `; plugins ${formatBytes(plugins)}` : ''}${negative ? ' (negative: the stats DB outgrew the accounting)' : ''}`,
    mark: negative ? 'warning' : 'ok',
  };
}

/** What rabbitmqctl said of the broker on the same node, asked at the same time. */
function brokerField(report: NodeReport | undefined): Field {
  if (report === undefined) return { label: 'RabbitMQ', value: 'not asked', mark: 'unknown' };
  const reach = reachOf(report);
  if (reach === 'ok') return { label: 'RabbitMQ', value: 'running (rabbitmqctl)', mark: 'ok' };
  return { label: 'RabbitMQ', value: `${reachLabel[reach]}: ${nodeReason(report)}`, mark: 'critical' };
}

function nodeBlock(probe: ManagementProbe, report: NodeReport | undefined, collector: FindingCollector): Block {
  const subject = { node: probe.node };
  const brokerUp = report !== undefined && reachOf(report) === 'ok';
  const broker = brokerField(report);
  const { verdict } = probe;
  const fields: Field[] = [];
  if (verdict.kind === 'answered') {
    fields.push({ label: 'Management API', value: `answers (${verdict.overview.management_version ?? 'unknown version'}) in ${formatMs(probe.durationMs)}`, mark: 'ok' }, broker, ...overviewFields(verdict.overview));
    if (verdict.memory) {
      fields.push(memoryField(verdict.memory));
      if ((verdict.memory['plugins'] ?? 0) < 0) collector.raise('negative-plugin-memory', subject, NO_SIGHTING);
    }
    const asked = verdict.health.filter((h) => h.state !== 'not-in-this-version');
    if (asked.length === 0) fields.push({ label: 'Health checks', value: 'not in this version (3.8.10+)' });
    for (const h of asked) {
      fields.push({ label: `Check ${h.check}`, value: h.state === 'ok' ? 'ok' : `failed: ${h.reason ?? 'no reason given'}`, mark: h.state === 'ok' ? 'ok' : 'warning' });
      if (h.state === 'failed') collector.raise('management-health-check-failed', subject, NO_SIGHTING);
    }
  } else if (verdict.kind === 'login-refused') {
    fields.push({ label: 'Management API', value: `answers, but refused the login: ${verdict.detail}`, mark: 'warning' }, broker);
  } else {
    fields.push({ label: 'Management API', value: `does not answer: ${silentWords[verdict.reason]} (${verdict.detail})`, mark: brokerUp ? 'warning' : 'critical' }, broker);
    if (brokerUp) collector.raise('management-silent-broker-up', subject, NO_SIGHTING);
  }
  return { kind: 'fields', title: `${probe.node} (127.0.0.1:${probe.port} over SSH)`, mark: worstMark(fields.map((f) => f.mark ?? 'ok')), fields };
}

const severityMark = { critical: 'critical', warning: 'warning', info: 'ok' } as const;

function clusterBlocks({ cluster, probes, reports }: ClusterManagement): { blocks: Block[]; mark: StatusMark } {
  const collector = new FindingCollector();
  const nodes = cluster.nodes.flatMap((n) => probes.filter((p) => p.node === n.name)).map((p) => nodeBlock(p, reports.find((r) => r.node === p.node), collector));
  const findings = collector.findings();
  const mark = worstMark([...nodes.map((b) => (b.kind === 'fields' ? (b.mark ?? 'ok') : 'ok')), ...findings.map((f) => severityMark[f.severity])]);
  const blocks: Block[] = [{ kind: 'header', text: `Management API of cluster ${cluster.name} (${cluster.role})` }];
  if (findings.length > 0) {
    blocks.push({
      kind: 'fields',
      title: 'What needs attention',
      mark,
      fields: findings.map((f) => {
        const signature = findSignature(f.signature);
        return { label: '•', value: `${f.summary} — ${signature?.meaning ?? ''} Next: ${signature?.nextStep ?? ''}`, mark: severityMark[f.severity] };
      }),
    });
  }
  blocks.push(...nodes);
  return { blocks, mark };
}

export function buildManagementReply(clusters: readonly ClusterManagement[]): Reply {
  const parts = clusters.map(clusterBlocks);
  const probes = clusters.flatMap((c) => c.probes);
  const answering = probes.filter((p) => p.verdict.kind === 'answered').length;
  return {
    summary: `Management API: ${answering} of ${probes.length} nodes answer`,
    mark: worstMark(parts.map((p) => p.mark)),
    blocks: parts.flatMap((p, i) => (i === 0 ? p.blocks : [{ kind: 'divider' as const }, ...p.blocks])),
  };
}
