import type { NodeReport, Probe, ProbeFailure, SshFailure } from '../../src/inspect/cluster-inspector';
import type { CliFailure, ClusterView, NodeStatus } from '../../src/rabbit/model';

/**
 * Node reports as the SSH inspector builds them, for tests of what is made of them. Failures are
 * the typed values the inspector produces, so the replies word them as they would in production.
 */
export function healthyStatus(node: string, alarms: string[] = []): NodeStatus {
  return {
    node,
    rabbitmqVersion: '3.10.8',
    erlangVersion: '25.2.3',
    uptimeSeconds: 100,
    memory: { totalBytes: 100, limitBytes: 1000, breakdown: {} },
    alarms,
    fileDescriptors: { used: 10, limit: 1000 },
    sockets: { used: 1, limit: 900 },
    processes: { used: 500, limit: 1048576 },
    disk: { freeBytes: 10_000_000_000, limitBytes: 50_000_000 },
    format: 'json',
    complete: true,
  };
}

export function clusterView(node: string, members: readonly string[], running: readonly string[], partitions: ClusterView['partitions'] = []): ClusterView {
  return { node, clusterName: members[0] ?? node, discNodes: members, ramNodes: [], runningNodes: running, partitions, alarms: [], format: 'json', complete: true };
}

const ok = <T>(value: T): Probe<T> => ({ kind: 'ok', value });
const failed = (failure: ProbeFailure): Probe<never> => ({ kind: 'failed', failure });

/** The failures the inspector gives for what the lab does to a node. */
export const failures = {
  nodedown: { kind: 'cli', cli: { kind: 'nodedown', evidence: '{badrpc,nodedown}' } satisfies CliFailure },
  hung: (afterMs: number): ProbeFailure => ({ kind: 'transport', outcome: { kind: 'timeout', phase: 'command', afterMs, stdout: '' } }),
  unreadable: { kind: 'unreadable', firstError: '' },
} satisfies Record<string, ProbeFailure | ((afterMs: number) => ProbeFailure)>;

export function sshTimeout(node: string, port: number, connectMs: number): SshFailure {
  return { kind: 'unreachable', reason: 'connect-timeout', detail: `no SSH handshake from ${node} (127.0.0.1:${port}) within ${connectMs} ms (host down, firewalled, or sshd hung)` };
}

/** A node that answered status; `view` is what its cluster_status gave, or why it gave nothing. */
export function upReport(cluster: string, node: string, view: ClusterView | ProbeFailure, options: { status?: NodeStatus; durationMs?: number } = {}): NodeReport {
  return {
    kind: 'reached',
    cluster,
    node,
    status: ok(options.status ?? healthyStatus(node)),
    view: 'kind' in view ? failed(view) : ok(view),
    vitals: { kind: 'not-probed' },
    management: { kind: 'not-probed' },
    durationMs: options.durationMs ?? 40,
  };
}

export function failedReport(cluster: string, node: string, failure: ProbeFailure, view: ClusterView | null = null, durationMs = 300): NodeReport {
  return { kind: 'reached', cluster, node, status: failed(failure), view: view === null ? failed(failure) : ok(view), vitals: { kind: 'not-probed' }, management: { kind: 'not-probed' }, durationMs };
}

export function sshFailedReport(cluster: string, node: string, ssh: SshFailure, durationMs = 5_000): NodeReport {
  return { kind: 'ssh-failed', cluster, node, ssh, durationMs };
}
