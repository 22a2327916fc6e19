import { buildRegistry } from '../../src/app/build-registry';
import type { ClusterConfig } from '../../src/config/schema';
import type { NodeReport } from '../../src/inspect/cluster-inspector';
import type { NodeStatus } from '../../src/rabbit/model';
import { textReply, type Reply } from '../../src/reply/model';
import { forgetWarnings } from '../../src/runbooks/evict-runbook';
import { runbookReply } from '../../src/runbooks/runbook-reply';
import { buildStatusReply } from '../../src/status/status-reply';
import { failedReport, failures, sshFailedReport, upReport } from '../helpers/node-reports';
import { fastPathStatusReply } from '../status/fast-path-reply';
import { labConfig, upReport as labUpReport } from './harness';

/** Every kind of reply the bot sends, built by the real reply builders wherever one exists. */

const nodeNames = Array.from({ length: 30 }, (_, i) => `rabbit@qc-moses-rmq-bak-${i + 1}`);

export const thirtyNodeCluster: ClusterConfig = {
  name: 'moses',
  role: 'primary',
  nodes: nodeNames.map((name, i) => ({
    name,
    ssh: { host: `10.0.242.${i + 1}`, port: 22, user: 'rabbit', agent: true, allowUnknownHostKey: true },
    commandPrefix: [],
    rabbitmqctl: 'rabbitmqctl',
    env: {},
    longNames: false,
  })),
};

export function alarmedStatus(node: string, alarms: readonly string[] = ['memory', 'disk', 'file_descriptor_limit']): NodeStatus {
  return {
    node,
    rabbitmqVersion: '3.2.4',
    erlangVersion: 'R16B03',
    uptimeSeconds: 1_234_567,
    memory: { totalBytes: 3_900_000_000, limitBytes: 4_000_000_000, breakdown: { plugins: -1_234_567, connection_procs: 1_000_000 } },
    alarms,
    fileDescriptors: { used: 65_000, limit: 65_536 },
    sockets: { used: 58_000, limit: 58_893 },
    processes: { used: 1_040_000, limit: 1_048_576 },
    disk: { freeBytes: 40_000_000, limitBytes: 50_000_000 },
    format: 'erlang-terms',
    complete: true,
  };
}

/** Node 7 is unreachable over SSH and node 12 hung, with the failures the inspector gives for them. */
function report(node: string, i: number): NodeReport {
  if (i === 6) return sshFailedReport('moses', node, { kind: 'unreachable', reason: 'connect-timeout', detail: `no SSH handshake from ${node} (10.0.242.7:22) within 5000 ms (host down, firewalled, or sshd hung)` });
  if (i === 11) return failedReport('moses', node, failures.hung(10_000), null, 10_000);
  return upReport(
    'moses',
    node,
    {
      node,
      clusterName: 'rabbit@qc-moses-rmq-bak-1',
      discNodes: nodeNames,
      ramNodes: [],
      runningNodes: nodeNames.filter((_, j) => j !== 6),
      partitions: [],
      alarms: nodeNames.map((n) => ({ node: n, alarms: ['memory', 'disk'] })),
      format: 'erlang-terms',
      complete: true,
    },
    { status: alarmedStatus(node), durationMs: 120 + i },
  );
}

export async function helpReply(): Promise<Reply> {
  const registry = buildRegistry();
  const help = registry.commands.get('help');
  if (!help) throw new Error('help is registered');
  return help.run({ positional: [], flags: {} }, undefined as never);
}

const nulRun = '\u0000'.repeat(4096);

export function findingsReply(): Reply {
  const log = [
    '=INFO REPORT==== 17-Aug-2016::14:14:16 ===',
    "rabbit on node 'rabbit@qc-moses-rmq-bak-7' down",
    '=ERROR REPORT==== 17-Aug-2016::14:14:22 ===',
    'error on AMQP connection <0.20289.4916>: enotconn (socket is not connected)',
    ...Array.from({ length: 400 }, (_, i) => `=ERROR REPORT==== 17-Aug-2016::14:26:${String(i % 60).padStart(2, '0')} ===\nconnection <0.9888.${4921 + i}>, channel 2 - soft error:\n{amqp_error,not_found,"home node 'rabbit@qc-moses-rmq-bak-7' of durable queue 'base.moses.task${i}' in vhost 'moses' is down or inaccessible",'queue.declare'}`),
    `error on AMQP connection <0.27856.4894>: enotconn ${nulRun}`,
  ].join('\n');
  return {
    summary: '40 findings on moses: durable queues homed on rabbit@qc-moses-rmq-bak-7 are unavailable',
    mark: 'critical',
    blocks: [
      { kind: 'header', text: 'Findings for cluster moses (last 30 minutes)' },
      ...Array.from({ length: 40 }, (_, i) => ({
        kind: 'text' as const,
        mark: i % 3 === 0 ? ('critical' as const) : ('warning' as const),
        text: `*${i + 1}. home node down for durable queue base.moses.task${i}* — clients redeclaring it fail with NOT_FOUND. Evicting rabbit@qc-moses-rmq-bak-7 does NOT bring the queue back; restart the node or cut over to the standby cluster. Seen ${100 + i} times between 14:26:45 and 14:42:38 on ${nodeNames.slice(0, 5).join(', ')}.`,
      })),
      { kind: 'preformatted', title: 'rabbit@qc-moses-rmq-bak-1 log excerpt', text: log },
      { kind: 'table', title: 'Queues homed on the lost node', columns: ['vhost', 'queue', 'durable', 'mirrored'], rows: Array.from({ length: 120 }, (_, i) => ['moses', `base.moses.task${i}`, 'yes', 'no']) },
      { kind: 'context', text: 'Signatures: home-node-down (40), enotconn (1), log hole (1). Log hole shown as one marker.' },
    ],
  };
}

export function choicesReply(): Reply {
  const consequence = 'Evicting rabbit@qc-moses-rmq-bak-7 does NOT bring back the durable queues homed on it, and the node will refuse to boot (inconsistent_cluster) until it is reset and joined again.';
  return {
    summary: 'rabbit@qc-moses-rmq-bak-7 is down: choose how to recover',
    mark: 'critical',
    blocks: [
      { kind: 'header', text: 'rabbit@qc-moses-rmq-bak-7 is down' },
      { kind: 'text', text: 'Two durable, non-mirrored queues are homed on it. Choose a way forward; each step is confirmed, verified and recorded.', mark: 'critical' },
      {
        kind: 'actions',
        buttons: [
          { actionId: 'node.wait', label: 'Wait and re-check in 2 min', value: '{"node":"rabbit@qc-moses-rmq-bak-7"}', style: 'primary' },
          { actionId: 'node.restart', label: 'Restart RabbitMQ on the node', value: '{"node":"rabbit@qc-moses-rmq-bak-7"}', confirm: { title: 'Restart rabbit@qc-moses-rmq-bak-7?', text: 'Runs rabbitmqctl start_app over SSH, then re-checks the cluster.', confirmLabel: 'Restart', denyLabel: 'Cancel' } },
          { actionId: 'node.evict', label: 'Evict the node (forget_cluster_node)', value: '{"node":"rabbit@qc-moses-rmq-bak-7"}', style: 'danger', confirm: { title: 'Evict rabbit@qc-moses-rmq-bak-7 from the cluster? This cannot be undone from here', text: `${consequence} ${consequence}`, confirmLabel: 'Evict it anyway, I understand', denyLabel: 'Keep it' } },
          { actionId: 'cluster.cutover', label: 'Cut over to standby', value: '{"from":"moses","to":"moses-standby"}', style: 'danger', confirm: { title: 'Cut over to moses-standby?', text: 'Clients are pointed at the standby cluster.', confirmLabel: 'Cut over', denyLabel: 'Cancel' } },
        ],
      },
    ],
  };
}

/** An evict runbook just opened: pre-checks, the deletion warning, and the typed-name button. */
function evictRunbookReply(): Reply {
  const node = 'rabbit@qc-moses-rmq-bak-7';
  const at = new Date(Date.UTC(2026, 10, 30, 9, 14));
  return runbookReply({
    state: { id: 'RB-7', kind: 'evict', cluster: 'moses', node, level: 'destructive', requester: 'U0ALICE', openedAt: at, needsApproval: true, seenSince: at, confirmed: null, approved: null, closed: null, stepsDone: 0, failedStep: null, awaitingStep: null, stepsConfirmed: [] },
    lines: [],
    refusal: null,
    preview: {
      checks: [
        { name: 'target unreachable', passed: true, detail: `${node} does not answer (unreachable)` },
        { name: 'queues homed on it', passed: true, detail: '2 (listed by rabbit@qc-moses-rmq-bak-1)' },
      ],
      warnings: forgetWarnings(node, [
        { name: 'orders', vhost: '/', node, type: 'classic', durable: true, messages: 1200, state: 'down' },
        { name: 'payments', vhost: '/', node, type: 'quorum', durable: true, messages: 3, state: 'running' },
      ]),
      seenSince: at,
    },
  });
}

export const replyCatalog: Record<string, () => Promise<Reply> | Reply> = {
  help: helpReply,
  refusal: () => textReply('`/rmq evict` needs the approver role; you have viewer.', { mark: 'warning', ephemeral: true }),
  'status-3-nodes-progress': () => {
    const cluster = labConfig().clusters[0] as ClusterConfig;
    return buildStatusReply([{ cluster, reports: [labUpReport('rabbit1@localhost', 80)] }], 90, false);
  },
  'status-30-nodes-all-alarms': () => buildStatusReply([{ cluster: thirtyNodeCluster, reports: nodeNames.map(report) }], 10_250, true),
  'status-30-nodes-progress': () => buildStatusReply([{ cluster: thirtyNodeCluster, reports: nodeNames.slice(0, 20).map(report) }], 4_000, false),
  'status-3-nodes-api-and-vitals': () => fastPathStatusReply(labConfig().clusters[0] as ClusterConfig),
  'findings-long': findingsReply,
  'recovery-choices': choicesReply,
  'runbook-evict-opened': evictRunbookReply,
};
