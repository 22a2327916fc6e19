import type { NodeReach, NodeReport, ProbeFailure } from '../inspect/cluster-inspector';
import type { CliFailure } from '../rabbit/model';
import { formatMs } from '../reply/format';
import { outcomeFailureReason } from '../reply/outcome-reason';

/** How a node answered, in a word or two for the row's State. */
export const reachLabel: Record<NodeReach, string> = {
  ok: 'up',
  'rabbit-down': 'RabbitMQ down',
  'app-stopped': 'PAUSED (VM up, rabbit app stopped)',
  unreachable: 'SSH unreachable',
  'auth-failed': 'SSH login refused',
  'host-key-mismatch': 'host key mismatch',
  timeout: 'timed out (hung?)',
  'cli-error': 'rabbitmqctl failed',
};

const cliReason: Record<CliFailure['kind'], string> = {
  nodedown: 'the RabbitMQ node is not running (rabbitmqctl: nodedown)',
  'app-not-running': "the Erlang VM is up but the 'rabbit' application is stopped: under pause_minority a node that lost the majority pauses like this and resumes by itself once it sees the majority again; otherwise it was stopped by hand (stop_app) or is still booting",
  timeout: 'rabbitmqctl timed out waiting for the node',
  'auth-failed': 'rabbitmqctl could not authenticate to the node: check the Erlang cookie',
  other: 'rabbitmqctl failed',
};

/** Why one probe has no data, in one sentence. */
function probeFailureReason(failure: ProbeFailure): string {
  switch (failure.kind) {
    case 'transport':
      return outcomeFailureReason(failure.outcome);
    case 'cli':
      // The CLI prints its diagnostics as a bullet list ("* epmd reports: …"); the bullet is noise here.
      return `${cliReason[failure.cli.kind]} (${failure.cli.evidence.replace(/^\*\s*/, '')})`;
    case 'unreadable':
      return `could not read rabbitmqctl's output${failure.firstError ? ` (${failure.firstError})` : ''}`;
  }
}

/** One sentence for people: why a node has no data, or how fast it answered. */
export function nodeReason(report: NodeReport): string {
  if (report.kind === 'ssh-failed') return report.ssh.detail;
  if (report.status.kind === 'failed') return probeFailureReason(report.status.failure);
  if (report.view.kind === 'failed') {
    const failure = report.view.failure;
    // It answered status, so it is not hung: a cluster_status past the deadline is slow, or waiting on a peer.
    if (failure.kind === 'transport' && failure.outcome.kind === 'timeout') return `status answered; cluster_status gave no answer within ${formatMs(failure.outcome.afterMs)}`;
    return `status answered; cluster_status did not: ${probeFailureReason(failure)}`;
  }
  return `answered in ${formatMs(report.durationMs)}`;
}
