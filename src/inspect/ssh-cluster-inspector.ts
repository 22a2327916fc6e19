import type { BotConfig, NodeConfig } from '../config/schema';
import type { CliFailure, ClusterView, NodeStatus } from '../rabbit/model';
import { detectCliFailure } from '../rabbit/detect-cli-failure';
import { parseClusterStatus } from '../rabbit/parse-cluster-status';
import { parseStatus } from '../rabbit/parse-status';
import { buildRabbitmqctlArgv } from '../rabbit/rabbitmqctl-command';
import { formatMs } from '../reply/format';
import { backstopSignal, outcomeFailureReason } from '../transport/outcome-reason';
import type { CommandOutcome, NodeTransport } from '../transport/types';
import type { ClusterInspector, NodeReach, NodeReport } from './cluster-inspector';

export type TransportFor = (cluster: string, node: string) => NodeTransport;

type OutputFlavour = 'json' | 'text';

/** What one rabbitmqctl call told us: data, or why there is none. */
type CallResult<T> = { readonly kind: 'data'; readonly value: T } | { readonly kind: 'failed'; readonly reach: NodeReach; readonly reason: string };

const reasonForCli: Record<CliFailure['kind'], [NodeReach, string]> = {
  nodedown: ['rabbit-down', 'the RabbitMQ node is not running (rabbitmqctl: nodedown)'],
  'app-not-running': [
    'app-stopped',
    "the Erlang VM is up but the 'rabbit' application is stopped: under pause_minority a node that lost the majority pauses like this and resumes by itself once it sees the majority again; otherwise it was stopped by hand (stop_app) or is still booting",
  ],
  timeout: ['timeout', 'rabbitmqctl timed out waiting for the node'],
  'auth-failed': ['cli-error', 'rabbitmqctl could not authenticate to the node: check the Erlang cookie'],
  other: ['cli-error', 'rabbitmqctl failed'],
};

const reachOfTransportFailure: Record<Exclude<CommandOutcome['kind'], 'ok' | 'command-failed'>, NodeReach> = {
  timeout: 'timeout',
  unreachable: 'unreachable',
  'auth-failed': 'auth-failed',
  'host-key-mismatch': 'host-key-mismatch',
};

/** 3.2–3.6 rabbitmqctl has no `--formatter`; it rejects the option as a usage error. */
function rejectedFormatter(outcome: CommandOutcome): boolean {
  if (outcome.kind !== 'command-failed') return false;
  const text = `${outcome.stdout}\n${outcome.stderr}`;
  return /formatter|unrecogni[sz]ed|invalid option|could not recognise/i.test(text) && detectCliFailure(outcome.stdout, outcome.stderr, outcome.exitCode)?.kind !== 'nodedown';
}

function interpret<T>(outcome: CommandOutcome, parse: (stdout: string) => T | null): CallResult<T> {
  if (outcome.kind !== 'ok' && outcome.kind !== 'command-failed') {
    return { kind: 'failed', reach: reachOfTransportFailure[outcome.kind], reason: outcomeFailureReason(outcome) };
  }
  const exitCode = outcome.kind === 'ok' ? 0 : outcome.exitCode;
  const failure = detectCliFailure(outcome.stdout, outcome.stderr, exitCode);
  if (failure) {
    const [reach, reason] = reasonForCli[failure.kind];
    // The CLI prints its diagnostics as a bullet list ("* epmd reports: …"); the bullet is noise here.
    return { kind: 'failed', reach, reason: `${reason} (${failure.evidence.replace(/^\*\s*/, '')})` };
  }
  const value = parse(outcome.stdout);
  if (value !== null) return { kind: 'data', value };
  const firstError = outcome.stderr.trim().split('\n')[0] ?? '';
  return { kind: 'failed', reach: 'cli-error', reason: `could not read rabbitmqctl's output${firstError ? ` (${firstError})` : ''}` };
}

const statusOf = (stdout: string): NodeStatus | null => {
  const parsed = parseStatus(stdout);
  return parsed.kind === 'parsed' ? parsed.status : null;
};

const viewOf = (stdout: string): ClusterView | null => {
  const parsed = parseClusterStatus(stdout);
  return parsed.kind === 'parsed' ? parsed.view : null;
};

/**
 * Asks every node of a cluster, in parallel, for `status` and `cluster_status` over SSH. Each node
 * is bounded by the connect and command deadlines; a dead or hung node only delays its own row.
 */
export function createSshClusterInspector(config: BotConfig, transportFor: TransportFor, onClose: () => Promise<void>): ClusterInspector {
  // Learned per node: nodes older than 3.7 refuse `--formatter json`, so ask them once in text.
  const flavours = new Map<string, OutputFlavour>();

  async function call(cluster: string, node: NodeConfig, command: 'status' | 'cluster_status', signal: AbortSignal): Promise<CommandOutcome> {
    const transport = transportFor(cluster, node.name);
    const flavour = flavours.get(node.name) ?? 'json';
    const outcome = await transport.run(buildRabbitmqctlArgv(node, { command }, { format: flavour }), { signal });
    if (flavour === 'json' && rejectedFormatter(outcome)) {
      flavours.set(node.name, 'text');
      return transport.run(buildRabbitmqctlArgv(node, { command }, { format: 'text' }), { signal });
    }
    return outcome;
  }

  async function inspectNode(cluster: string, node: NodeConfig): Promise<NodeReport> {
    const started = performance.now();
    // One guard for the node's whole answer, format fallback included; the transport enforces the deadlines itself.
    const signal = backstopSignal(config.deadlines);
    const [statusOutcome, clusterOutcome] = await Promise.all([call(cluster, node, 'status', signal), call(cluster, node, 'cluster_status', signal)]);
    const status = interpret(statusOutcome, statusOf);
    const view = interpret(clusterOutcome, viewOf);
    const durationMs = Math.round(performance.now() - started);
    const base = { cluster, node: node.name, durationMs };
    if (status.kind === 'failed') {
      return { ...base, reach: status.reach, reason: status.reason, status: null, view: view.kind === 'data' ? view.value : null };
    }
    if (view.kind === 'failed') {
      return { ...base, reach: 'ok', reason: `status answered; cluster_status did not: ${view.reason}`, status: status.value, view: null, viewProblem: { reach: view.reach, reason: view.reason } };
    }
    return { ...base, reach: 'ok', reason: `answered in ${formatMs(durationMs)}`, status: status.value, view: view.value };
  }

  return {
    async inspect(clusterName, onNode) {
      const cluster = config.clusters.find((c) => c.name === clusterName);
      if (!cluster) return [];
      return Promise.all(
        cluster.nodes.map(async (node) => {
          const report = await inspectNode(cluster.name, node);
          onNode?.(report);
          return report;
        }),
      );
    },
    close: onClose,
  };
}
