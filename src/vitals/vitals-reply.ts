import type { ClusterConfig } from '../config/schema';
import type { NodeReport } from '../inspect/cluster-inspector';
import { formatMs } from '../reply/format';
import { worstMark, type Block, type Field, type Reply, type StatusMark } from '../reply/model';
import { findSignature } from '../signatures/catalog';
import { FindingCollector } from '../signatures/finding-collector';
import type { NodeVitals } from './collect-vitals';
import { judgeHostAndBroker } from './host-and-broker';
import { collectVitalsFindings } from './vitals-findings';

export interface ClusterVitals {
  readonly cluster: ClusterConfig;
  readonly vitals: readonly NodeVitals[];
  /** What rabbitmqctl said of each node, asked at the same time. */
  readonly reports: readonly NodeReport[];
}

const severityMark = { critical: 'critical', warning: 'warning', info: 'ok' } as const;

function nodeBlock(v: NodeVitals, reports: readonly NodeReport[]): { block: Block; mark: StatusMark; verdict: string | null } {
  const judged = judgeHostAndBroker(v, reports.find((r) => r.node === v.node), reports);
  const fields: Field[] = [
    { label: 'Host', value: judged.host.value, mark: judged.host.mark },
    { label: 'RabbitMQ', value: judged.broker.value, mark: judged.broker.mark },
  ];
  if (v.kind === 'read') {
    for (const r of v.readings) fields.push({ label: r.label, value: r.threshold === null || r.mark === 'ok' ? r.value : `${r.value} [${r.threshold}]`, mark: r.mark });
  }
  const mark = worstMark(fields.map((f) => f.mark ?? 'ok'));
  return { block: { kind: 'fields', title: `${v.node} (${formatMs(v.durationMs)})`, mark, fields }, mark, verdict: judged.verdict };
}

function clusterBlocks({ cluster, vitals, reports }: ClusterVitals): { blocks: Block[]; mark: StatusMark } {
  const ordered = cluster.nodes.flatMap((n) => vitals.filter((v) => v.node === n.name));
  const nodes = ordered.map((v) => nodeBlock(v, reports));
  const collector = new FindingCollector();
  for (const v of ordered) if (v.kind === 'read') collectVitalsFindings(v.node, v.vitals, v.readings, collector);
  const findings = collector.findings();
  const mark = worstMark([...nodes.map((n) => n.mark), ...findings.map((f) => severityMark[f.severity])]);
  const blocks: Block[] = [{ kind: 'header', text: `Host vitals of cluster ${cluster.name} (${cluster.role})` }];
  const verdicts = nodes.flatMap((n, i) => (n.verdict === null ? [] : [`${ordered[i]?.node}: ${n.verdict}`]));
  const attention = [
    ...verdicts.map((text): Field => ({ label: '•', value: text, mark: 'critical' })),
    ...findings.map((f): Field => {
      const signature = findSignature(f.signature);
      return { label: '•', value: `${f.summary} — ${signature?.meaning ?? ''} Next: ${signature?.nextStep ?? ''}`, mark: severityMark[f.severity] };
    }),
  ];
  if (attention.length > 0) blocks.push({ kind: 'fields', title: 'What needs attention', mark, fields: attention });
  else blocks.push({ kind: 'text', text: `Every host of ${cluster.name} is within its thresholds.`, mark: 'ok' });
  blocks.push(...nodes.map((n) => n.block));
  return { blocks, mark };
}

export function buildVitalsReply(clusters: readonly ClusterVitals[]): Reply {
  const parts = clusters.map(clusterBlocks);
  const blocks = parts.flatMap((p, i) => (i === 0 ? p.blocks : [{ kind: 'divider' as const }, ...p.blocks]));
  const mark = worstMark(parts.map((p) => p.mark));
  const hosts = clusters.reduce((n, c) => n + c.vitals.length, 0);
  const answered = clusters.reduce((n, c) => n + c.vitals.filter((v) => v.kind === 'read').length, 0);
  const summary = `Host vitals: ${answered} of ${hosts} hosts answered${mark === 'ok' ? ', all within thresholds' : mark === 'critical' ? ', something needs attention' : ', some values need a look'}`;
  return { summary, mark, blocks };
}
