import type { BotConfig, NodeConfig } from '../config/schema';
import type { ClusterView, NodeStatus } from '../rabbit/model';
import { detectCliFailure } from '../rabbit/detect-cli-failure';
import { parseClusterStatus } from '../rabbit/parse-cluster-status';
import { parseStatus } from '../rabbit/parse-status';
import { buildRabbitmqctlArgv } from '../rabbit/rabbitmqctl-command';
import { backstopSignal } from '../transport/backstop-signal';
import type { CommandOutcome, NodeTransport } from '../transport/types';
import type { ClusterInspector, NodeReport, Probe, SshFailure } from './cluster-inspector';

export type TransportFor = (cluster: string, node: string) => NodeTransport;

type OutputFlavour = 'json' | 'text';

/** 3.2–3.6 rabbitmqctl has no `--formatter`; it rejects the option as a usage error. */
function rejectedFormatter(outcome: CommandOutcome): boolean {
  if (outcome.kind !== 'command-failed') return false;
  const text = `${outcome.stdout}\n${outcome.stderr}`;
  return /formatter|unrecogni[sz]ed|invalid option|could not recognise/i.test(text) && detectCliFailure(outcome.stdout, outcome.stderr, outcome.exitCode)?.kind !== 'nodedown';
}

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
