import type { ClusterConfig } from '../config/schema';
import { reachOf, type NodeReport } from '../inspect/cluster-inspector';
import { formatBytes, formatMs } from '../reply/format';
import { worstMark, type Block, type Field, type Reply, type StatusMark } from '../reply/model';
import type { Severity } from '../signatures/signature';
import { lostNodes } from '../snapshot/cluster-snapshot';
import { factsOfKind, type Fact } from '../snapshot/fact';
import { nodeReason, reachLabel } from '../status/node-reason';
import type { ClusterEvidence } from './collect-evidence';
import { correlateFindings } from './correlate-findings';
import type { AffectedQueue, Diagnosis } from './diagnosis';
import { logsButton } from '../node-logs/logs-button';
import { evictButton } from '../runbooks/evict-button';
import type { NodeLogRead } from '../node-logs/read-node-log';

/** The ranked list stays short: the rest is counted, and `/rmq logs` shows the detail. */
const SHOWN_DIAGNOSES = 6;
const SHOWN_QUEUES = 20;
const LOG_BUTTONS = 10;

const markOf: Record<Severity, StatusMark> = { critical: 'critical', warning: 'warning', info: 'ok' };

/** The ranked causes behind what the cluster's nodes and logs said. */
function diagnoseEvidence(evidence: ClusterEvidence): Diagnosis[] {
  const queues = evidence.inventory.kind === 'listed' ? evidence.inventory.queues : [];
  return correlateFindings({ findings: evidence.findings, facts: evidence.snapshot.facts, queues });
}

const messagesText = (messages: number | null, home: string | null, down: ReadonlySet<string>): string =>
  messages !== null ? String(messages) : home !== null && down.has(home) ? 'unknown while its home node is down' : 'unknown';

function queueTable(queues: readonly AffectedQueue[], down: ReadonlySet<string>): Block {
  const rows = queues.slice(0, SHOWN_QUEUES).map((q) => [q.name, q.vhost ?? '?', q.homeNode ?? '?', messagesText(q.messages, q.homeNode, down)]);
  const more = queues.length > SHOWN_QUEUES ? ` (first ${SHOWN_QUEUES} of ${queues.length})` : '';
  return { kind: 'table', title: `Affected queues${more}`, columns: ['queue', 'vhost', 'home node', 'messages'], rows };
}

/**
 * A node-down diagnosis made before any client tripped over its queues: list_queues --offline
 * already knows which durable queues went with the node, and eviction would delete them.
 */
function homedQueuesOf(diagnosis: Diagnosis, facts: readonly Fact[]): AffectedQueue[] {
  if (diagnosis.kind !== 'node-down') return [];
  return factsOfKind(facts, 'queues-homed-on-lost-node')
    .filter((fact) => diagnosis.nodes.includes(fact.node))
    .flatMap((fact) => fact.queues.map((q) => ({ name: q.name, vhost: q.vhost, homeNode: fact.node, messages: q.messages })));
}

function diagnosisBlocks(diagnosis: Diagnosis, position: number, evidence: ClusterEvidence, down: ReadonlySet<string>): Block[] {
  const offline = homedQueuesOf(diagnosis, evidence.snapshot.facts);
  const queues = diagnosis.queues.length > 0 ? diagnosis.queues : offline;
  const home = diagnosis.nodes[0] ?? 'the node';
  const warning =
    offline.length > 0
      ? [`${offline.length} durable queue${offline.length === 1 ? ' is' : 's are'} homed on ${home} (list_queues --offline). Evicting ${home} will NOT bring them back, and \`forget_cluster_node\` DELETES non-mirrored durable queues homed on it with their messages.`]
      : [];
  const sides = diagnosis.sides && diagnosis.sides.length > 1 ? [`Sides: ${diagnosis.sides.map((side) => `[${side.join(', ')}]`).join(' | ')}`] : [];
  const unnamed = diagnosis.nodes.filter((node) => !diagnosis.title.includes(node));
  const where = diagnosis.kind === 'finding' && unnamed.length > 0 ? ` (${unnamed.join(', ')})` : '';
  const body = [diagnosis.explanation, ...warning, ...sides, ...(diagnosis.actions.length > 0 ? ['Next steps:', ...diagnosis.actions.map((a) => `• ${a}`)] : [])];
  return [
    { kind: 'text', text: `${position}. ${diagnosis.title}${where}`, mark: markOf[diagnosis.severity] },
    { kind: 'text', text: body.join('\n') },
    ...(queues.length > 0 ? [queueTable(queues, down)] : []),
    { kind: 'context', text: `Evidence: ${diagnosis.evidence.join(', ') || 'none'}` },
  ];
}

function logState(log: NodeLogRead | undefined): string {
  if (log === undefined) return 'log: reading…';
  if (log.kind === 'failed') return `log not read: ${log.reason}`;
  return `log read (${formatBytes(log.scannedBytes)} scanned on the node, ${formatBytes(log.transferredBytes)} over SSH)`;
}

function nodeField(name: string, report: NodeReport | undefined, log: NodeLogRead | undefined): Field {
  if (report === undefined) return { label: name, value: `asking… · ${logState(log)}`, mark: 'pending' };
  const reach = reachOf(report);
  const state = reach === 'ok' ? 'up' : `${reachLabel[reach]}: ${nodeReason(report)}`;
  return { label: name, value: `${state} · ${logState(log)}`, mark: reach === 'ok' ? 'ok' : 'critical' };
}

function nodesBlock(cluster: ClusterConfig, reports: readonly NodeReport[], logs: readonly NodeLogRead[]): Block {
  const fields = cluster.nodes.map((n) => nodeField(n.name, reports.find((r) => r.node === n.name), logs.find((l) => l.node === n.name)));
  return { kind: 'fields', title: 'What each node said', mark: worstMark(fields.map((f) => f.mark ?? 'unknown')), fields };
}

/** While nodes are still answering: who has, who has not. */
export function buildDiagnoseProgress(cluster: ClusterConfig, reports: readonly NodeReport[], logs: readonly NodeLogRead[]): Reply {
  const summary = `Diagnosing ${cluster.name}: ${reports.length} of ${cluster.nodes.length} nodes answered, ${logs.length} of ${cluster.nodes.length} logs read`;
  return { summary, mark: 'pending', blocks: [{ kind: 'header', text: `Diagnosis of ${cluster.name}` }, { kind: 'text', text: summary, mark: 'pending' }, nodesBlock(cluster, reports, logs)] };
}

function sourcesNote(evidence: ClusterEvidence): string {
  const total = evidence.cluster.nodes.length;
  const answered = evidence.snapshot.reports.filter((r) => reachOf(r) === 'ok').length;
  const logs = evidence.logs.filter((l) => l.kind === 'read').length;
  const hosts = evidence.vitals.filter((v) => v.kind === 'read').length;
  const queues =
    evidence.inventory.kind === 'listed'
      ? `queues homed on down nodes from ${evidence.inventory.from} (list_queues --offline)${evidence.inventory.problems.length > 0 ? `, except ${evidence.inventory.problems.join('; ')}` : ''}`
      : `no queue list: ${evidence.inventory.reason}`;
  const tailBytes = Math.max(0, ...evidence.logs.map((l) => (l.request.kind === 'tail' ? l.request.bytes : 0)));
  return `Sources: status and cluster_status from ${answered} of ${total} nodes; logs of ${logs} of ${total} nodes (up to the last ${formatBytes(tailBytes)} each); host vitals of ${hosts} of ${total} nodes; ${queues}. Took ${formatMs(evidence.durationMs)}.`;
}

/** Nodes the top diagnoses are about come first: their logs are the ones people open. */
function logButtons(evidence: ClusterEvidence, diagnoses: readonly Diagnosis[]): Block[] {
  const readable = evidence.logs.filter((l) => l.kind === 'read').map((l) => l.node);
  const mentioned = diagnoses.flatMap((d) => d.nodes);
  const ordered = [...new Set([...mentioned.filter((n) => readable.includes(n)), ...readable])].slice(0, LOG_BUTTONS);
  return ordered.length === 0 ? [] : [{ kind: 'actions', buttons: ordered.map((node) => logsButton(evidence.cluster.name, node)) }];
}

/**
 * A node every answering peer sees down gets an "Evict NODE…" button. It opens the evict runbook,
 * whose own checks say whether it has been down long enough; nothing here changes the cluster.
 */
function evictButtons(evidence: ClusterEvidence): Block[] {
  const down = factsOfKind(evidence.snapshot.facts, 'down-per-peers').map((fact) => fact.node);
  return down.length === 0 ? [] : [{ kind: 'actions', buttons: down.map((node) => evictButton(evidence.cluster.name, node)) }];
}

/**
 * `/rmq diagnose`: a short ranked list of causes, each with its explanation, the queues it affects
 * and the next steps in words. Nothing here changes the cluster.
 */
export function buildDiagnoseReply(evidence: ClusterEvidence): Reply {
  const diagnoses = diagnoseEvidence(evidence);
  const down = new Set(lostNodes(evidence.snapshot.facts));
  // Informational findings (elections settling, …) are context, not causes: they never take a rank.
  const causes = diagnoses.filter((d) => d.severity !== 'info');
  const shown = causes.slice(0, SHOWN_DIAGNOSES);
  const alsoSeen = [...causes.slice(SHOWN_DIAGNOSES), ...diagnoses.filter((d) => d.severity === 'info')];
  const [top] = causes;
  const mark: StatusMark = top ? markOf[top.severity] : 'ok';
  const headline = top
    ? `${top.title}${causes.length > 1 ? `; ${causes.length - 1} more finding${causes.length === 2 ? '' : 's'}` : ''}`
    : 'no known problem in status, cluster_status or the recent logs';
  return {
    summary: `${evidence.cluster.name}: ${headline}`,
    mark,
    blocks: [
      { kind: 'header', text: `Diagnosis of ${evidence.cluster.name} (${evidence.cluster.role})` },
      { kind: 'text', text: headline, mark },
      ...shown.flatMap((d, i) => [...diagnosisBlocks(d, i + 1, evidence, down), { kind: 'divider' as const }]),
      ...(alsoSeen.length > 0 ? [{ kind: 'context' as const, text: `Also seen: ${alsoSeen.map((d) => d.title).join('; ')}` }] : []),
      nodesBlock(evidence.cluster, evidence.snapshot.reports, evidence.logs),
      { kind: 'context', text: sourcesNote(evidence) },
      ...logButtons(evidence, shown),
      ...evictButtons(evidence),
    ],
  };
}
