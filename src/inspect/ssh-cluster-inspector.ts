import type { BotConfig, NodeConfig } from '../config/schema';
import type { ClusterView, NodeStatus } from '../rabbit/model';
import { detectCliFailure } from '../rabbit/detect-cli-failure';
import { parseClusterStatus } from '../rabbit/parse-cluster-status';
import { parseStatus } from '../rabbit/parse-status';
import { createRabbitmqctlRunner } from '../rabbit/rabbitmqctl-runner';
import { backstopSignal } from '../transport/backstop-signal';
import type { CommandOutcome, ReaderFor } from '../transport/types';
import type { ClusterInspector, NodeReport, Probe, SshFailure } from './cluster-inspector';

function interpret<T>(outcome: CommandOutcome, parse: (stdout: string) => T | null): Probe<T> {
  if (outcome.kind !== 'ok' && outcome.kind !== 'command-failed') return { kind: 'failed', failure: { kind: 'transport', outcome } };
  const exitCode = outcome.kind === 'ok' ? 0 : outcome.exitCode;
  const cli = detectCliFailure(outcome.stdout, outcome.stderr, exitCode);
  if (cli) return { kind: 'failed', failure: { kind: 'cli', cli } };
  const value = parse(outcome.stdout);
  if (value !== null) return { kind: 'ok', value };
  return { kind: 'failed', failure: { kind: 'unreadable', firstError: outcome.stderr.trim().split('\n')[0] ?? '' } };
}

const parsedStatus = (stdout: string): NodeStatus | null => {
  const parsed = parseStatus(stdout);
  return parsed.kind === 'parsed' ? parsed.status : null;
};

const parsedView = (stdout: string): ClusterView | null => {
  const parsed = parseClusterStatus(stdout);
  return parsed.kind === 'parsed' ? parsed.view : null;
};

const sshFailureOf = (outcome: CommandOutcome): SshFailure | null =>
  outcome.kind === 'unreachable' || outcome.kind === 'auth-failed' || outcome.kind === 'host-key-mismatch' ? outcome : null;

/**
 * Asks every node of a cluster, in parallel, for `status` and `cluster_status` over SSH. Each node
 * is bounded by the connect and command deadlines; a dead or hung node only delays its own row.
 */
export function createSshClusterInspector(config: BotConfig, readerFor: ReaderFor, onClose: () => Promise<void>): ClusterInspector {
  const rabbitmqctl = createRabbitmqctlRunner(readerFor);

  async function call(cluster: string, node: NodeConfig, command: 'status' | 'cluster_status', signal: AbortSignal): Promise<CommandOutcome> {
    // Nodes older than 3.7 refuse `--formatter json`; their default output is Erlang terms.
    const answer = await rabbitmqctl.ask(cluster, node, [{ query: { command }, format: 'json' }, { query: { command }, format: 'text' }], signal);
    return answer.outcome;
  }

  async function inspectNode(cluster: string, node: NodeConfig): Promise<NodeReport> {
    const started = performance.now();
    // One guard for the node's whole answer, format fallback included; the transport enforces the deadlines itself.
    const signal = backstopSignal(config.deadlines);
    const [statusOutcome, clusterOutcome] = await Promise.all([call(cluster, node, 'status', signal), call(cluster, node, 'cluster_status', signal)]);
    const durationMs = Math.round(performance.now() - started);
    const base = { cluster, node: node.name, durationMs };
    // Both calls share one connection: when neither got onto the host, SSH is the finding.
    const ssh = sshFailureOf(statusOutcome);
    if (ssh !== null && sshFailureOf(clusterOutcome) !== null) return { ...base, kind: 'ssh-failed', ssh };
    return {
      ...base,
      kind: 'reached',
      status: interpret(statusOutcome, parsedStatus),
      view: interpret(clusterOutcome, parsedView),
      vitals: { kind: 'not-probed' },
      management: { kind: 'not-probed' },
    };
  }

  return {
    async inspect(clusterName, onNode, nodes) {
      const cluster = config.clusters.find((c) => c.name === clusterName);
      if (!cluster) return [];
      return Promise.all(
        cluster.nodes.filter((node) => nodes === undefined || nodes.includes(node.name)).map(async (node) => {
          const report = await inspectNode(cluster.name, node);
          onNode?.(report);
          return report;
        }),
      );
    },
    close: onClose,
  };
}
