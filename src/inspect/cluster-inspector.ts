import type { CliFailure, ClusterView, NodeStatus } from '../rabbit/model';
import type { CommandOutcome } from '../transport/types';

/** A remote call that never reached rabbitmqctl's output: the transport gave up. */
export type TransportFailure = Exclude<CommandOutcome, { readonly kind: 'ok' | 'command-failed' }>;

/** The bot could not get onto the host at all. */
export type SshFailure = Extract<TransportFailure, { readonly kind: 'unreachable' | 'auth-failed' | 'host-key-mismatch' }>;

/** Why one probe has no data, as a value: the reply turns it into words. */
export type ProbeFailure =
  | { readonly kind: 'transport'; readonly outcome: TransportFailure }
  | { readonly kind: 'cli'; readonly cli: CliFailure }
  /** rabbitmqctl answered something the parsers do not read; its first stderr line, if any. */
  | { readonly kind: 'unreadable'; readonly firstError: string };

export type Probe<T> = { readonly kind: 'ok'; readonly value: T } | { readonly kind: 'failed'; readonly failure: ProbeFailure };

/** A probe this bot does not run yet (host vitals, the management API): room in the type, no data. */
export interface NotProbed {
  readonly kind: 'not-probed';
}

/**
 * How one node answered, one result per probe. A node the bot could not SSH to has no probe
 * results at all; once on the host, `status` and `cluster_status` succeed or fail on their own.
 */
export type NodeReport =
  | {
      readonly kind: 'ssh-failed';
      readonly cluster: string;
      /** The configured RabbitMQ node name. */
      readonly node: string;
      readonly ssh: SshFailure;
      readonly durationMs: number;
    }
  | {
      readonly kind: 'reached';
      readonly cluster: string;
      readonly node: string;
      readonly status: Probe<NodeStatus>;
      readonly view: Probe<ClusterView>;
      readonly vitals: NotProbed;
      readonly management: NotProbed;
      readonly durationMs: number;
    };

/**
 * How a node answered, in one word, so the reply can tell "SSH unreachable" from "RabbitMQ down"
 * from "hung" within seconds.
 */
export type NodeReach =
  | 'ok'
  | 'rabbit-down'
  /** The Erlang VM answers but the rabbit app is stopped: paused by pause_minority, stopped by hand, or booting. */
  | 'app-stopped'
  | 'unreachable'
  | 'auth-failed'
  | 'host-key-mismatch'
  | 'timeout'
  | 'cli-error';

const reachOfCli: Record<CliFailure['kind'], Exclude<NodeReach, 'ok'>> = {
  nodedown: 'rabbit-down',
  'app-not-running': 'app-stopped',
  timeout: 'timeout',
  'auth-failed': 'cli-error',
  other: 'cli-error',
};

export function reachOfFailure(failure: ProbeFailure): Exclude<NodeReach, 'ok'> {
  switch (failure.kind) {
    case 'transport':
      // The connection dropped before the node answered: from here, as unreachable as a refused one.
      return failure.outcome.kind === 'connection-lost' ? 'unreachable' : failure.outcome.kind;
    case 'cli':
      return reachOfCli[failure.cli.kind];
    case 'unreadable':
      return 'cli-error';
  }
}

/** A node is up for the bot when `status` answered; `cluster_status` alone does not say RabbitMQ runs there. */
export function reachOf(report: NodeReport): NodeReach {
  if (report.kind === 'ssh-failed') return report.ssh.kind;
  return report.status.kind === 'ok' ? 'ok' : reachOfFailure(report.status.failure);
}

export const statusOf = (report: NodeReport): NodeStatus | null => (report.kind === 'reached' && report.status.kind === 'ok' ? report.status.value : null);

export const viewOf = (report: NodeReport): ClusterView | null => (report.kind === 'reached' && report.view.kind === 'ok' ? report.view.value : null);

export interface ClusterInspector {
  /**
   * Asks every node of the cluster in parallel (or only `nodes`, those a faster path could not
   * read); `onNode` fires as each one answers or gives up.
   */
  inspect(cluster: string, onNode?: (report: NodeReport) => void, nodes?: readonly string[]): Promise<readonly NodeReport[]>;
  close(): Promise<void>;
}
