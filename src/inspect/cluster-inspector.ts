import type { ClusterView, NodeStatus } from '../rabbit/model';

/**
 * How one node answered, from the bot's point of view. `reach` says why data is missing so the
 * reply can tell "SSH unreachable" from "RabbitMQ down" from "hung" within seconds.
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

export interface NodeReport {
  readonly cluster: string;
  /** The configured RabbitMQ node name. */
  readonly node: string;
  readonly reach: NodeReach;
  /** One sentence for people: "SSH connect timed out after 5.0 s", "rabbitmqctl: nodedown". */
  readonly reason: string;
  readonly status: NodeStatus | null;
  readonly view: ClusterView | null;
  /** Why `view` is missing on a node that answered `status` (cluster_status failed or timed out). */
  readonly viewProblem?: { readonly reach: NodeReach; readonly reason: string };
  readonly durationMs: number;
}

export interface ClusterInspector {
  /** Asks every node of the cluster in parallel; `onNode` fires as each one answers or gives up. */
  inspect(cluster: string, onNode?: (report: NodeReport) => void): Promise<readonly NodeReport[]>;
  close(): Promise<void>;
}
