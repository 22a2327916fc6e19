import type { ClusterInspector } from '../inspect/cluster-inspector';
import type { BotConfig, WatchConfig } from '../config/schema';
import type { Logger } from '../observability/logger';
import type { Store } from '../store/store';
import type { ReaderFor } from '../transport/types';
import { watchClusterLogs } from './log-watch';
import { pollCluster } from './poll-cluster';

/** One lease for all watched clusters: one replica polls, the others stand by. */
export const WATCH_LEASE = 'watch';

export interface WatchServiceDeps {
  readonly config: BotConfig;
  readonly watch: WatchConfig;
  readonly inspector: ClusterInspector;
  /** Reads each node's log for new signatures, beside the snapshot poll. */
  readonly readerFor: ReaderFor;
  readonly store: Store;
  readonly now: () => Date;
  /** This replica, as the lease names it. */
  readonly holder: string;
  readonly logger: Logger;
  /** Stores the cluster's chart samples (rates, queue depth, vitals) beside each poll. */
  readonly sampleCluster?: (cluster: string) => Promise<void>;
}

export interface WatchService {
  start(): void;
  /** Stops ticking, waits for a poll in flight, and hands the lease back. */
  stop(): Promise<void>;
}

export const watchedClusters = (config: BotConfig, watch: WatchConfig): string[] => watch.clusters ?? config.clusters.map((c) => c.name);

/** Watch mode is on unless someone turned it off: configuring it is the operator's first "on". */
export async function isWatchOn(store: Store): Promise<boolean> {
  return (await store.getWatchSwitch())?.on ?? true;
}

/**
 * Ticks every interval. A tick that finds the previous poll still running (nodes hanging up to their
 * deadlines) is skipped and counted, never queued, but still renews the lease so a slow poll does
 * not hand watching to another replica. Every poll logs its start and end with its id.
 */
export function createWatchService(deps: WatchServiceDeps): WatchService {
  const { watch, logger } = deps;
  const clusters = watchedClusters(deps.config, watch);
  let token: number | null = null;
  let timer: NodeJS.Timeout | undefined;
  let polling: Promise<void> | null = null;
  let renewing = false;
  let pollCount = 0;
  let skippedTicks = 0;

  /** Keeps or takes the lease; its token when this replica is the one that polls. */
  async function lead(): Promise<number | null> {
    const now = deps.now();
    if (token !== null && (await deps.store.renewLease(WATCH_LEASE, deps.holder, token, watch.leaseMs, now))) return token;
    if (token !== null) logger.warn({ holder: deps.holder, token }, 'watch: lost the lease; another replica polls now');
    const acquired = await deps.store.acquireLease(WATCH_LEASE, deps.holder, watch.leaseMs, now);
    const previous = token;
    token = acquired.acquired ? acquired.token : null;
    if (token !== null && token !== previous) logger.info({ holder: deps.holder, token }, 'watch: this replica holds the lease and polls');
    return token;
  }

  async function resign(): Promise<void> {
    if (token === null) return;
    const held = token;
    token = null;
    await deps.store.releaseLease(WATCH_LEASE, deps.holder, held);
  }

  async function cycle(): Promise<void> {
    if (!(await isWatchOn(deps.store))) return resign();
    const held = await lead();
    if (held === null) return;
    const fence = { lease: WATCH_LEASE, token: held };
    const pollId = `${deps.holder}#${++pollCount}`;
    await Promise.all(
      clusters.map(async (cluster) => {
        const started = Date.now();
        logger.info({ pollId, cluster, token: fence.token }, 'watch: poll started');
        const sampling = deps.sampleCluster?.(cluster).catch((err: unknown) => logger.warn({ pollId, cluster, err }, 'watch: storing chart samples failed'));
        try {
          const result = await pollCluster(cluster, fence, { ...deps, flaps: { threshold: watch.flapThreshold, windowMs: watch.flapWindowMs }, keepSnapshots: watch.keepSnapshots, incidents: watch });
          logger.info({ pollId, cluster, result: result.kind, seq: result.seq, changes: result.kind === 'recorded' ? result.changes.map((c) => c.kind) : [], ms: Date.now() - started }, 'watch: poll finished');
        } catch (err) {
          logger.error({ pollId, cluster, err, ms: Date.now() - started }, 'watch: poll finished with an error');
        }
        await sampling;
        // After the snapshot, not beside it: the log reads would queue for the same per-host SSH slots and delay its probes.
        await watchClusterLogs(cluster, fence, pollId, { ...deps, logs: watch.logs, incidents: watch });
      }),
    );
  }

  async function renewWhileBusy(): Promise<void> {
    if (renewing || token === null) return;
    renewing = true;
    try {
      if (!(await deps.store.renewLease(WATCH_LEASE, deps.holder, token, watch.leaseMs, deps.now()))) token = null;
    } finally {
      renewing = false;
    }
  }

  function tick(): void {
    if (polling) {
      skippedTicks++;
      logger.warn({ holder: deps.holder, skippedTicks }, 'watch: tick skipped, the previous poll is still running');
      renewWhileBusy().catch((err: unknown) => logger.error({ err }, 'watch: renewing the lease failed'));
      return;
    }
    polling = cycle()
      .catch((err: unknown) => logger.error({ err }, 'watch: a watch cycle failed'))
      .finally(() => {
        polling = null;
      });
  }

  return {
    start() {
      if (timer) return;
      tick();
      timer = setInterval(tick, watch.intervalMs);
    },
    async stop() {
      clearInterval(timer);
      timer = undefined;
      await polling;
      await resign().catch((err: unknown) => logger.error({ err }, 'watch: releasing the lease failed'));
    },
  };
}
