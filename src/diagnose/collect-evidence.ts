import { describeUnfinished } from '../analysis-worker/describe-unfinished';
import { runInWorker } from '../analysis-worker/run-in-worker';
import { logAnalysisJob } from '../analyze/log-jobs';
import type { BotConfig, ClusterConfig } from '../config/schema';
import { reachOf, type ClusterInspector, type NodeReport } from '../inspect/cluster-inspector';
import { parseVhostName, type VhostName } from '../rabbit/rabbitmqctl-command';
import type { Finding } from '../signatures/finding';
import { createRabbitmqctlRunner } from '../rabbit/rabbitmqctl-runner';
import { lostNodes, takeSnapshot, withHomedQueues, type ClusterSnapshot } from '../snapshot/cluster-snapshot';
import type { ReaderFor } from '../transport/types';
import { findingsFromEvidence, type LogFindings } from './evidence-findings';
import { listOfflineQueues, type QueueInventory } from './list-offline-queues';
import { readNodeLog, type NodeLogRead } from '../node-logs/read-node-log';
import { collectNodeVitals, type NodeVitals } from '../vitals/collect-vitals';

/** How much of each node's log a diagnosis reads: hours of a busy node, milliseconds to scan. */
export const DIAGNOSE_LOG_BYTES = 1024 * 1024;
/** Vhosts asked about, beyond `/`: the ones client errors in the logs name. */
const MAX_VHOSTS = 5;

export interface EvidenceSources {
  readonly config: BotConfig;
  readonly inspector: ClusterInspector;
  readonly readerFor: ReaderFor;
}

/** Everything a diagnosis of one cluster rests on, each part with why it is missing when it is. */
export interface ClusterEvidence {
  readonly cluster: ClusterConfig;
  /** What each node answered, and the facts derived from it. */
  readonly snapshot: ClusterSnapshot;
  readonly logs: readonly NodeLogRead[];
  /** Each host's vitals, read beside status and the log: is it the VM, the network or RabbitMQ? */
  readonly vitals: readonly NodeVitals[];
  readonly findings: readonly Finding[];
  readonly inventory: QueueInventory;
  readonly durationMs: number;
}

export type EvidenceEvent = { readonly kind: 'report'; readonly report: NodeReport } | { readonly kind: 'log'; readonly log: NodeLogRead };

/** `/` and the vhosts that queue errors in the logs name, checked like any word from outside. */
function vhostsToList(findings: readonly Finding[]): VhostName[] {
  const named = findings.filter((f) => f.signature === 'queue-home-node-down' || f.signature === 'binding-missing').map((f) => f.subject.vhost);
  const words = [...new Set(['/', ...named.filter((v): v is string => v !== undefined)])].slice(0, MAX_VHOSTS);
  return words.flatMap((word) => {
    const vhost = parseVhostName(word);
    return vhost.ok ? [vhost.value] : [];
  });
}

async function inventory(cluster: ClusterConfig, snapshot: ClusterSnapshot, findings: readonly Finding[], sources: EvidenceSources): Promise<QueueInventory> {
  const homeErrors = findings.some((f) => f.signature === 'queue-home-node-down' && f.state === 'active');
  const lost = lostNodes(snapshot.facts);
  if (lost.length === 0 && !homeErrors) return { kind: 'skipped', reason: 'every node is up, so no queue has lost its home node' };
  const survivor = cluster.nodes.find((node) => snapshot.reports.some((r) => r.node === node.name && reachOf(r) === 'ok'));
  if (survivor === undefined) return { kind: 'skipped', reason: 'no node answered, so no survivor could list the queues' };
  return listOfflineQueues(createRabbitmqctlRunner(sources.readerFor), cluster.name, survivor, vhostsToList(findings), new Set(lost), sources.config);
}

/**
 * A log's findings, from the analysis worker; a log whose analysis ran out of budget counts as not
 * read, with what was read and why it stopped as the reason.
 */
async function analyzeNodeLog(read: NodeLogRead): Promise<LogFindings & { readonly log: NodeLogRead }> {
  if (read.kind !== 'read') return { node: read.node, findings: [], log: read };
  const outcome = await runInWorker(logAnalysisJob, {}, read.text);
  if (outcome.kind === 'done') return { node: read.node, findings: outcome.value.findings, log: read };
  return { node: read.node, findings: [], log: { kind: 'failed', node: read.node, request: read.request, reason: describeUnfinished(outcome) } };
}

/**
 * Asks every node of the cluster at once for status and cluster_status (through the inspector), for
 * the end of its log and for its host's vitals, then one survivor for the queues homed on down
 * nodes. Every call is bounded by the transport's deadlines, so a dead or hung node costs its own
 * answer only.
 */
export async function collectEvidence(cluster: ClusterConfig, sources: EvidenceSources, onEvent: (event: EvidenceEvent) => void = () => undefined): Promise<ClusterEvidence> {
  const started = performance.now();
  const tailBytes = Math.min(DIAGNOSE_LOG_BYTES, sources.config.limits.maxOutputBytes);
  const [reports, reads, vitals] = await Promise.all([
    sources.inspector.inspect(cluster.name, (report) => onEvent({ kind: 'report', report })),
    Promise.all(
      cluster.nodes.map(async (node) => {
        const read = await readNodeLog(sources.readerFor(cluster.name, node.name), node, { kind: 'tail', bytes: tailBytes, signaturesOnly: true }, sources.config);
        onEvent({ kind: 'log', log: read });
        return read;
      }),
    ),
    // One more round trip per node, in parallel with the others: it costs its own second, no more.
    Promise.all(cluster.nodes.map((node) => collectNodeVitals(sources.readerFor(cluster.name, node.name), node, sources.config))),
  ]);
  // One after the other, once every node has answered: one warm worker, and no analysis competing
  // for the CPU with the status calls that have deadlines.
  const analyses: (LogFindings & { readonly log: NodeLogRead })[] = [];
  for (const read of reads) analyses.push(await analyzeNodeLog(read));
  const findings = findingsFromEvidence(reports, analyses, vitals);
  const logs = analyses.map((analyzed) => analyzed.log);
  const snapshot = takeSnapshot(cluster.name, reports);
  const queues = await inventory(cluster, snapshot, findings, sources);
  const withQueues = queues.kind === 'listed' ? withHomedQueues(snapshot, queues.queues) : snapshot;
  return { cluster, snapshot: withQueues, logs, vitals, findings, inventory: queues, durationMs: Math.round(performance.now() - started) };
}
