/**
 * The normalized picture of a node and of the cluster as one node sees it, whatever the RabbitMQ
 * version or output format it was parsed from. `null` always means "not known" (field absent in this
 * version, or cut off in a truncated paste) — never a guess.
 */
export type OutputFormat = 'erlang-terms' | 'json' | 'text';

export interface UsedLimit {
  readonly used: number | null;
  readonly limit: number | null;
}

export interface NodeStatus {
  readonly node: string | null;
  readonly rabbitmqVersion: string | null;
  readonly erlangVersion: string | null;
  readonly uptimeSeconds: number | null;
  readonly memory: {
    readonly totalBytes: number | null;
    readonly limitBytes: number | null;
    /** Per-category bytes as the node reports them; may be negative (3.2 `plugins` bug). */
    readonly breakdown: Readonly<Record<string, number>>;
  };
  /** Resource alarms in force on this node (`memory`, `disk`, `file_descriptor_limit`); null when this version does not report them. */
  readonly alarms: readonly string[] | null;
  readonly fileDescriptors: UsedLimit;
  readonly sockets: UsedLimit;
  readonly processes: UsedLimit;
  readonly disk: { readonly freeBytes: number | null; readonly limitBytes: number | null };
  readonly format: OutputFormat;
  /** False when the input ended early (truncated paste): absent fields may exist on the node. */
  readonly complete: boolean;
  /**
   * Set when byte figures were read from 3.8+ human text, which rounds them (`0.126 gb` is printed
   * to 4 decimals of the unit): each byte figure is then exact only to ± half of this many bytes.
   */
  readonly byteResolution?: number;
}

export interface Partition {
  readonly node: string;
  readonly cannotSee: readonly string[];
}

export interface NodeAlarms {
  readonly node: string;
  readonly alarms: readonly string[];
}

export interface ClusterView {
  /** The node that printed this view. */
  readonly node: string | null;
  readonly clusterName: string | null;
  readonly discNodes: readonly string[];
  readonly ramNodes: readonly string[];
  readonly runningNodes: readonly string[];
  readonly partitions: readonly Partition[];
  /** null when this version does not report alarms in cluster_status (3.2–3.5). */
  readonly alarms: readonly NodeAlarms[] | null;
  readonly format: OutputFormat;
  readonly complete: boolean;
}

/**
 * rabbitmqctl printed an error instead of data. Seen with exit code 0 too: `{badrpc,nodedown}` and
 * `{:badrpc, {:timeout, …}}` land on stdout.
 */
export interface CliFailure {
  readonly kind: 'nodedown' | 'timeout' | 'app-not-running' | 'auth-failed' | 'other';
  /** The line that gave it away, trimmed, for the reply. */
  readonly evidence: string;
}
