import type { BotConfig, ClusterConfig } from '../config/schema';
import type { SampleStore, StoredSample } from '../store/sample-store';
import type { ReaderFor } from '../transport/types';
import { collectNodeVitals } from '../vitals/collect-vitals';
import { fetchOverviewSamples } from './fetch-overview-samples';

/** The vitals a chart draws per node, as stored series `NAME:NODE`. */
export const VITAL_SERIES = ['load-per-cpu', 'steal', 'retransmits'] as const;
export type VitalSeries = (typeof VITAL_SERIES)[number];

/** The smallest window the API's samples query takes: the current rates come with it. */
const CURRENT_WINDOW_SECONDS = 60;

export interface SampleSources {
  readonly config: BotConfig;
  readonly readerFor: ReaderFor;
}

/**
 * What one watch poll stores for the charts: the management API's current rates, queue depth and
 * connection count (when it is configured and answers) and each host's vitals, all stamped with the
 * poll's moment so every series of a poll lines up. A source that does not answer adds nothing:
 * a gap in a chart, never a false zero.
 */
export async function takeSamples(cluster: ClusterConfig, sources: SampleSources, at: Date): Promise<StoredSample[]> {
  const { config, readerFor } = sources;
  const sample = (series: string, value: number | null | undefined): StoredSample[] => (value === null || value === undefined || !Number.isFinite(value) ? [] : [{ cluster: cluster.name, series, at, value }]);
  const [fetched, vitals] = await Promise.all([
    config.management === undefined ? null : fetchOverviewSamples(cluster, config.management, readerFor, CURRENT_WINDOW_SECONDS),
    Promise.all(cluster.nodes.map((node) => collectNodeVitals(readerFor(cluster.name, node.name), node, config))),
  ]);
  const overview = fetched?.kind === 'samples' ? fetched.overview : null;
  const m = overview?.message_stats;
  const q = overview?.queue_totals;
  const fromApi = [
    ...sample('publish', m?.publish_details?.rate),
    ...sample('deliver', m?.deliver_get_details?.rate),
    ...sample('ack', m?.ack_details?.rate),
    ...sample('ready', q?.messages_ready),
    ...sample('unacked', q?.messages_unacknowledged),
    ...sample('connections', overview?.object_totals?.connections),
  ];
  const fromHosts = vitals.flatMap((v) => {
    if (v.kind !== 'read') return [];
    const { load, cpuCount, cpu, tcp } = v.vitals;
    return [
      ...sample(`load-per-cpu:${v.node}`, load !== null && cpuCount !== null && cpuCount > 0 ? load.one / cpuCount : null),
      ...sample(`steal:${v.node}`, cpu?.stealPercent),
      ...sample(`retransmits:${v.node}`, tcp.retransmitsPerSecond),
    ];
  });
  return [...fromApi, ...fromHosts];
}

/** How long stored samples are kept: the longest window `/rmq chart --since` draws. */
export const SAMPLES_RETAIN_MS = 24 * 3600 * 1000;

export interface SamplerDeps extends SampleSources {
  readonly store: SampleStore;
  readonly now: () => Date;
}

/** Watch mode's hook: takes one cluster's samples and stores them, dropping those past retention. */
export function createSampler(deps: SamplerDeps): (clusterName: string) => Promise<void> {
  return async (clusterName) => {
    const cluster = deps.config.clusters.find((c) => c.name === clusterName);
    if (cluster === undefined) return;
    const at = deps.now();
    await deps.store.saveSamples(cluster.name, await takeSamples(cluster, deps, at), new Date(at.getTime() - SAMPLES_RETAIN_MS));
  };
}
