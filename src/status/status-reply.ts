import type { ClusterConfig } from '../config/schema';
import { reachOf, statusOf, viewOf, type NodeReport } from '../inspect/cluster-inspector';
import { shortErlangVersion } from '../reply/erlang-version';
import { formatBytes, formatDuration, formatMs, formatUsedOfLimit } from '../reply/format';
import { worstMark, type Block, type Field, type Reply, type StatusMark } from '../reply/model';
import { takeSnapshot } from '../snapshot/cluster-snapshot';
import type { NodeVitals } from '../vitals/collect-vitals';
import { judgeCluster } from './cluster-verdict';
import type { StatusSource } from './inspect-status';
import { nodeReason, reachLabel } from './node-reason';
import { vitalsLine } from './vitals-line';

export interface ClusterProgress {
  readonly cluster: ClusterConfig;
  /** Reports received so far; nodes without one are still being asked. */
  readonly reports: readonly NodeReport[];
  /** How each report was read, by node; absent where the caller does not say. */
  readonly sources?: ReadonlyMap<string, StatusSource>;
  /** Host vitals received so far, by node; absent where the caller does not read them. */
  readonly vitals?: ReadonlyMap<string, NodeVitals>;
}

/** How an up node was read, said in its State field: Slack shows at most 10 fields per block, and the vitals line takes the tenth. */
function readVia(source: StatusSource | undefined): string {
  if (source === undefined || (source.via === 'rabbitmqctl' && source.apiMissed === null)) return '';
  return source.via === 'management-api' ? ' (read via the management API)' : ` (read via rabbitmqctl; the API: ${source.apiMissed})`;
}

/** The host's compact vitals line, where the caller reads vitals; a host the bot could not SSH to has its reason in State already. */
function hostFields(progress: ClusterProgress, report: NodeReport): Field[] {
  return progress.vitals === undefined || report.kind === 'ssh-failed' ? [] : [vitalsLine(progress.vitals.get(report.node))];
}

function nodeBlock(progress: ClusterProgress, report: NodeReport): Block {
  const fields = nodeFields(report, progress.cluster.nodes.map((n) => n.name), progress.sources?.get(report.node));
  return { kind: 'fields', title: report.node, mark: nodeMark(report), fields: [...fields, ...hostFields(progress, report)] };
}

/** "management API for 2, rabbitmqctl for 1" for the closing line; empty when the caller gave no sources. */
function pathsUsed(clusters: readonly ClusterProgress[]): string {
  const sources = clusters.flatMap((c) => c.reports.flatMap((r) => c.sources?.get(r.node) ?? []));
  if (sources.length === 0) return '';
  const api = sources.filter((s) => s.via === 'management-api').length;
  return `: management API for ${api}, rabbitmqctl for ${sources.length - api}`;
}

function nodeMark(report: NodeReport): StatusMark {
  if (reachOf(report) !== 'ok') return 'critical';
  return (statusOf(report)?.alarms ?? []).length > 0 ? 'critical' : 'ok';
}

function nodeFields(report: NodeReport, members: readonly string[], source: StatusSource | undefined): Field[] {
  const s = statusOf(report);
  if (s === null) {
    return [
      { label: 'State', value: reachLabel[reachOf(report)], mark: 'critical' },
      { label: 'Why', value: nodeReason(report) },
      { label: 'Answered in', value: formatMs(report.durationMs) },
    ];
  }
  const fields: Field[] = [{ label: 'State', value: `up${readVia(source)}`, mark: 'ok' }];
  {
    const alarms = s.alarms === null ? 'not reported by this version' : s.alarms.length === 0 ? 'none' : s.alarms.join(', ');
    fields.push(
      // The management API's /api/nodes does not say which Erlang runs: no "on Erlang unknown" then.
      { label: 'RabbitMQ', value: `${s.rabbitmqVersion ?? 'unknown'}${s.erlangVersion === null && s.rabbitmqVersion !== null ? '' : ` on Erlang ${shortErlangVersion(s.erlangVersion)}`}` },
      { label: 'Uptime', value: formatDuration(s.uptimeSeconds) },
      { label: 'Memory', value: formatUsedOfLimit(s.memory.totalBytes, s.memory.limitBytes, formatBytes) },
      { label: 'File descriptors', value: formatUsedOfLimit(s.fileDescriptors.used, s.fileDescriptors.limit) },
      { label: 'Sockets', value: formatUsedOfLimit(s.sockets.used, s.sockets.limit) },
      { label: 'Disk free', value: `${formatBytes(s.disk.freeBytes)} (limit ${formatBytes(s.disk.limitBytes)})` },
      { label: 'Alarms', value: alarms, mark: s.alarms && s.alarms.length > 0 ? 'critical' : 'ok' },
    );
  }
  const view = viewOf(report);
  if (view) fields.push(seesRunning(view.runningNodes, members));
  return fields;
}

const byNaturalOrder = (a: string, b: string) => a.localeCompare(b, 'en', { numeric: true });

/** On a large cluster the full list hides the one node that matters: name what is missing instead. */
function seesRunning(running: readonly string[], members: readonly string[]): Field {
  const missing = members.filter((m) => !running.includes(m)).sort(byNaturalOrder);
  if (missing.length === 0) return { label: 'Sees running', value: `all ${members.length} configured nodes` };
  const seen = [...running].sort(byNaturalOrder);
  return { label: 'Sees running', value: `${seen.join(', ') || 'none'}; not ${missing.join(', ')}`, mark: 'warning' };
}

function clusterBlocks(progress: ClusterProgress): { blocks: Block[]; mark: StatusMark; headline: string } {
  const { cluster, reports } = progress;
  const pending = cluster.nodes.filter((n) => !reports.some((r) => r.node === n.name));
  const ordered = cluster.nodes.flatMap((n) => reports.filter((r) => r.node === n.name));
  const blocks: Block[] = [{ kind: 'header', text: `Cluster ${cluster.name} (${cluster.role})` }];
  if (pending.length > 0) {
    const headline = `${reports.length} of ${cluster.nodes.length} nodes answered; waiting for ${pending.map((n) => n.name).join(', ')}`;
    blocks.push({ kind: 'text', text: headline, mark: 'pending' });
    for (const r of ordered) blocks.push(nodeBlock(progress, r));
    for (const n of pending) blocks.push({ kind: 'fields', title: n.name, mark: 'pending', fields: [{ label: 'State', value: 'asking…', mark: 'pending' }] });
    return { blocks, mark: 'pending', headline };
  }
  const verdict = judgeCluster(takeSnapshot(cluster.name, ordered));
  blocks.push({ kind: 'text', text: verdict.headline, mark: verdict.mark });
  if (verdict.problems.length > 0) {
    blocks.push({ kind: 'fields', title: 'What needs attention', mark: verdict.mark, fields: verdict.problems.map((p, i) => ({ label: `${i + 1}.`, value: p.text, mark: p.mark })) });
  }
  for (const r of ordered) blocks.push(nodeBlock(progress, r));
  return { blocks, mark: verdict.mark, headline: verdict.headline };
}

/** Builds `/rmq status` from what is known so far; called for every progress update and for the final answer. */
export function buildStatusReply(clusters: readonly ClusterProgress[], elapsedMs: number, final: boolean): Reply {
  const parts = clusters.map(clusterBlocks);
  const blocks: Block[] = parts.flatMap((p, i) => (i === 0 ? p.blocks : [{ kind: 'divider' as const }, ...p.blocks]));
  const asked = clusters.reduce((n, c) => n + c.cluster.nodes.length, 0);
  if (final) {
    blocks.push({ kind: 'context', text: `Asked ${asked} node${asked === 1 ? '' : 's'} over SSH in ${formatMs(elapsedMs)}${pathsUsed(clusters)}.` });
    blocks.push({
      kind: 'actions',
      buttons: [
        { actionId: 'status.refresh', label: 'Refresh', value: clusters.length === 1 ? (clusters[0]?.cluster.name ?? '') : '' },
        ...clusters.map((c) => ({ actionId: 'cluster.matrix', label: `Membership ${c.cluster.name}`, value: c.cluster.name })),
      ],
    });
  }
  const summary = clusters.map((c, i) => `${c.cluster.name}: ${parts[i]?.headline ?? ''}`).join(' | ');
  return { summary, blocks, mark: final ? worstMark(parts.map((p) => p.mark)) : 'pending' };
}
