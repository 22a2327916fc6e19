/**
 * Samples watch mode takes on each poll (message rates, queue depth, connections, host vitals), kept
 * for charts and the postmortem. One row per cluster, series and moment; bounded by age: every save
 * drops the cluster's rows older than its retention. Held to the store contract suite.
 */
export interface StoredSample {
  readonly cluster: string;
  /** `publish`, `ready`, `connections`, or a node's vital: `load-per-cpu:rabbit1@localhost`. */
  readonly series: string;
  readonly at: Date;
  readonly value: number;
}

export interface SampleStore {
  /** Saves the samples (a second save of the same cluster, series and moment is a no-op) and drops the cluster's rows older than `dropBefore`. */
  saveSamples(cluster: string, samples: readonly StoredSample[], dropBefore: Date): Promise<void>;
  /** The cluster's samples taken at or after `since`, oldest first. */
  listSamples(cluster: string, since: Date): Promise<StoredSample[]>;
}
