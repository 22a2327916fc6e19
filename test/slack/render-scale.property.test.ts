import fc from 'fast-check';
import { renderEphemeralReply, renderFinalReply, renderProgressMessage } from '../../src/chat/slack/render-reply';
import type { ClusterConfig } from '../../src/config/schema';
import { buildDiagnoseProgress, buildDiagnoseReply } from '../../src/diagnose/diagnose-reply';
import type { NodeLogRead } from '../../src/node-logs/read-node-log';
import { reachOf, type NodeReach, type NodeReport } from '../../src/inspect/cluster-inspector';
import { takeSnapshot } from '../../src/snapshot/cluster-snapshot';
import { nodeReason } from '../../src/status/node-reason';
import { failedReport, failures, sshFailedReport, upReport } from '../helpers/node-reports';
import { joinReplies } from '../../src/reply/join-replies';
import type { Reply } from '../../src/reply/model';
import { buildMembershipReply } from '../../src/status/membership-reply';
import { buildStatusReply } from '../../src/status/status-reply';
import { longNameCluster, unreachable } from './large-clusters';
import { alarmedStatus } from './replies';
import { limitViolations } from './slack-limit-violations';

const reaches: readonly NodeReach[] = ['ok', 'rabbit-down', 'app-stopped', 'unreachable', 'auth-failed', 'host-key-mismatch', 'timeout', 'cli-error'];

/** One node's answer: how it was reached, and if it answered, which members it calls running and partitioned. */
const nodeState = fc.record({
  reach: fc.constantFrom(...reaches),
  answered: fc.boolean(),
  seesRunning: fc.array(fc.boolean(), { minLength: 100, maxLength: 100 }),
  cannotSee: fc.array(fc.nat(99), { maxLength: 5 }),
  alarms: fc.subarray(['memory', 'disk', 'file_descriptor_limit']),
  answeredInTime: fc.boolean(),
});

const clusterState = fc.integer({ min: 1, max: 100 }).chain((size) => fc.tuple(fc.constant(size), fc.array(nodeState, { minLength: size, maxLength: size })));

type NodeState = typeof nodeState extends fc.Arbitrary<infer T> ? T : never;

const longDetail = `${'the node said something long '.repeat(4)}`;

/** A report of each way a node can fail, as the inspector builds it. */
function failingReport(cluster: string, node: string, reach: Exclude<NodeReach, 'ok'>): NodeReport {
  switch (reach) {
    case 'unreachable':
      return sshFailedReport(cluster, node, { kind: 'unreachable', reason: 'connect-timeout', detail: longDetail });
    case 'auth-failed':
    case 'host-key-mismatch':
      return sshFailedReport(cluster, node, { kind: reach, detail: longDetail });
    case 'rabbit-down':
      return failedReport(cluster, node, failures.nodedown);
    case 'app-stopped':
      return failedReport(cluster, node, { kind: 'cli', cli: { kind: 'app-not-running', evidence: 'rabbit application is not running' } });
    case 'timeout':
      return failedReport(cluster, node, failures.hung(5_000));
    case 'cli-error':
      return failedReport(cluster, node, failures.unreadable);
  }
}

function reportsFor(cluster: ClusterConfig, states: readonly NodeState[]): NodeReport[] {
  const names = cluster.nodes.map((n) => n.name);
  return states.flatMap((s, i): NodeReport[] => {
    const node = names[i] as string;
    if (!s.answeredInTime) return [];
    if (s.reach !== 'ok') return [failingReport(cluster.name, node, s.reach)];
    const view = s.answered
      ? {
          node,
          clusterName: cluster.name,
          discNodes: names,
          ramNodes: [],
          runningNodes: names.filter((_, j) => s.seesRunning[j]),
          partitions: s.cannotSee.length > 0 ? [{ node, cannotSee: s.cannotSee.map((j) => names[j % names.length] as string) }] : [],
          alarms: names.map((n) => ({ node: n, alarms: s.alarms })),
          format: 'erlang-terms' as const,
          complete: true,
        }
      : null;
    return [upReport(cluster.name, node, view ?? failures.unreadable, { status: alarmedStatus(node, s.alarms), durationMs: 200 })];
  });
}

function logsFor(reports: readonly NodeReport[]): NodeLogRead[] {
  return reports.map((r): NodeLogRead => {
    const request = { kind: 'tail' as const, bytes: 1_048_576 };
    return reachOf(r) === 'ok' ? { kind: 'read', node: r.node, request, text: '', scannedBytes: 0, transferredBytes: 0, truncated: false } : { kind: 'failed', node: r.node, request, reason: nodeReason(r) };
  });
}

/** Every reply a cluster of this shape can produce, built by the real reply builders. */
function repliesFor(cluster: ClusterConfig, reports: readonly NodeReport[]): Record<string, Reply> {
  const standby = { ...cluster, name: `${cluster.name}-standby` };
  const logs = logsFor(reports);
  const evidence = { cluster, snapshot: takeSnapshot(cluster.name, reports), logs, vitals: [], findings: [], inventory: { kind: 'skipped' as const, reason: 'no node answered list_queues' }, durationMs: 12_000 };
  return {
    'status (progress)': buildStatusReply([{ cluster, reports }], 4_000, false),
    'status (final, two clusters)': buildStatusReply([{ cluster, reports }, { cluster: standby, reports: [] }], 10_000, true),
    cluster: buildMembershipReply(cluster, reports),
    'cluster (two clusters)': joinReplies([buildMembershipReply(cluster, reports), buildMembershipReply(standby, [])]),
    'diagnose (progress)': buildDiagnoseProgress(cluster, reports, logs),
    diagnose: buildDiagnoseReply(evidence),
  };
}

function expectWithinSlackLimits(name: string, reply: Reply): void {
  const rendered = [...renderFinalReply(reply).messages, renderProgressMessage(reply), ...renderEphemeralReply(reply).messages];
  for (const message of rendered) expect({ reply: name, violations: limitViolations(message) }).toEqual({ reply: name, violations: [] });
}

describe('replies for clusters of 1 to 100 nodes with 64-character names', () => {
  it('render within Slack limits, never as an empty message, in any state', () => {
    fc.assert(
      fc.property(clusterState, ([size, states]) => {
        const cluster = longNameCluster(size);
        for (const [name, reply] of Object.entries(repliesFor(cluster, reportsFor(cluster, states)))) expectWithinSlackLimits(name, reply);
      }),
      { numRuns: 40 },
    );
  });

  it('renders the 40-node all-unreachable membership matrix that used to loop forever', () => {
    const cluster = longNameCluster(40);
    const reply = buildMembershipReply(cluster, cluster.nodes.map((n) => unreachable(cluster, n.name)));
    expectWithinSlackLimits('cluster', reply);
    expect(renderFinalReply(reply).files).toHaveLength(1);
  });

  it('shows a progress note without blocks as its summary, not as a blank message', () => {
    const message = renderProgressMessage({ summary: 'prod: 3 of 40 nodes answered', mark: 'pending', blocks: [] });
    expect(message.blocks).toHaveLength(1);
    expect(JSON.stringify(message.blocks)).toContain('prod: 3 of 40 nodes answered');
  });
});
