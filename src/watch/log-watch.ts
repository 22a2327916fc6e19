import { describeUnfinished } from '../analysis-worker/describe-unfinished';
import { runInWorker } from '../analysis-worker/run-in-worker';
import type { BotConfig, LogWatchConfig, NodeConfig } from '../config/schema';
import type { Logger } from '../observability/logger';
import type { LogCursor } from '../node-logs/incremental-cursor';
import { readLogIncrement, type IncrementalRead } from '../node-logs/incremental-read';
import { signatureFilter } from '../node-logs/remote-grep';
import type { LeaseFence } from '../store/step-journal';
import type { Store } from '../store/store';
import type { ReaderFor } from '../transport/types';
import { attachToIncident, type IncidentRouting } from './attach-incident';
import { logSignatureEvent } from './log-watch-event';
import { logSightingsWorkerJob, type LogSighting } from './log-watch-job';
import { noteSightings, parseSeen, serializeSeen } from './log-watch-seen';

export interface LogWatchDeps {
  readonly config: BotConfig;
  readonly logs: LogWatchConfig;
  readonly readerFor: ReaderFor;
  readonly store: Store;
  readonly now: () => Date;
  readonly holder: string;
  readonly logger: Logger;
  readonly incidents: IncidentRouting;
}

/** What one poll did with one node's log. */
export type NodeLogPoll =
  | { readonly kind: 'failed'; readonly node: string; readonly reason: string }
  /** `fresh`: the signature ids reported as new; `analysis` says why new lines went unanalyzed, if they did. */
  | {
      readonly kind: 'read';
      readonly node: string;
      readonly bytes: number;
      /** Bytes of the log the node read, and bytes that crossed SSH for them (grep keeps only candidate lines). */
      readonly scannedBytes: number;
      readonly transferredBytes: number;
      readonly behind: number;
      readonly restarted: 'rotated' | 'truncated' | null;
      readonly oldFile: 'read' | 'not-read' | null;
      readonly fresh: readonly string[];
      readonly analysis: string | null;
    }
  /** Another replica holds the watch lease now: nothing was written. */
  | { readonly kind: 'stale-fence'; readonly node: string };

type Read = Extract<IncrementalRead, { kind: 'read' }>;
/** `analysis`: why the lines went unanalyzed, when they did. */
type Analysis = { readonly sightings: LogSighting[]; readonly analysis: string | null };

/** Runs the analyzer in the worker; bytes it could not analyze within its budgets are skipped, and said so. */
async function sightingsIn(read: Read, logs: LogWatchConfig): Promise<Analysis> {
  if (read.step.kind !== 'advanced' || read.step.lines.length === 0) return { sightings: [], analysis: null };
  const outcome = await runInWorker(logSightingsWorkerJob, { minSeverity: logs.minSeverity }, read.step.lines);
  return outcome.kind === 'done' ? { sightings: outcome.value, analysis: null } : { sightings: [], analysis: describeUnfinished(outcome) };
}

/** The analyzer's prefilter, as diagnose uses it: only lines with a catalog literal (and their record's context) leave the node. */
const { patterns, before, after } = signatureFilter({ kind: 'whole' });
const WATCH_FILTER = { patterns, before, after } as const;

const sameCursor = (a: LogCursor | null, b: LogCursor): boolean => a !== null && a.inode === b.inode && a.size === b.size && a.offset === b.offset;

/**
 * One node: read what its log gained since the stored cursor, analyze it, and store the new cursor
 * with the events of signatures new on the node, in one transaction under the watch lease's fence.
 * A failed read stores nothing, so the next poll reads the same bytes again.
 */
async function readNodeLogs(cluster: string, node: NodeConfig & { logFile: string }, fence: LeaseFence, deps: LogWatchDeps, analyze: (read: Read) => Promise<Analysis>): Promise<NodeLogPoll> {
  const stored = await deps.store.getLogWatch(cluster, node.name);
  const cursor = stored === null ? null : { inode: stored.inode, size: stored.size, offset: stored.offset };
  const read = await readLogIncrement(deps.readerFor(cluster, node.name), node, cursor, { maxBytes: deps.logs.maxBytesPerPoll, rotatedSuffix: deps.logs.rotatedSuffix, filter: WATCH_FILTER }, deps.config);
  if (read.kind === 'failed') return read;
  const { sightings, analysis } = await analyze(read);
  const at = deps.now();
  const noted = noteSightings(parseSeen(stored?.seen ?? '{}'), sightings, at.getTime(), deps.logs.quietMs);
  const next = read.step.cursor;
  const result: NodeLogPoll = {
    kind: 'read',
    node: node.name,
    bytes: read.step.kind === 'advanced' ? read.step.lines.length : 0,
    scannedBytes: read.scannedBytes,
    transferredBytes: read.transferredBytes,
    behind: read.step.kind === 'advanced' ? read.step.behind : 0,
    restarted: read.restarted,
    oldFile: read.oldFile,
    fresh: noted.fresh.map((s) => s.signature),
    analysis,
  };
  if (sameCursor(cursor, next) && sightings.length === 0) return result;
  const from = read.step.kind === 'advanced' ? read.step.from : next.offset;
  return deps.store.transaction(async (tx) => {
    const saved = await tx.saveLogWatch({ cluster, node: node.name, inode: next.inode, size: next.size, offset: next.offset, seen: serializeSeen(noted.seen), updatedAt: at }, fence);
    if (!saved.saved) return { kind: 'stale-fence', node: node.name };
    for (const sighting of noted.fresh) {
      const event = logSignatureEvent(sighting, { cluster, node: node.name, logFile: node.logFile, inode: next.inode, from, fenceToken: fence.token, holder: deps.holder, at });
      await tx.appendEvent(await attachToIncident(tx, event, deps.incidents));
    }
    return result;
  });
}

const hasLogFile = (node: NodeConfig): node is NodeConfig & { logFile: string } => node.logFile !== undefined;

/**
 * Every node of the cluster that has a logFile, read in parallel; the analyses run one after
 * another so one worker thread serves them all instead of one per node on every poll.
 */
export async function pollClusterLogs(cluster: string, fence: LeaseFence, deps: LogWatchDeps): Promise<NodeLogPoll[]> {
  const nodes = deps.config.clusters.find((c) => c.name === cluster)?.nodes.filter(hasLogFile) ?? [];
  let queue: Promise<unknown> = Promise.resolve();
  const analyzeInTurn = (read: Read) => {
    const turn = queue.then(() => sightingsIn(read, deps.logs));
    queue = turn.catch(() => undefined);
    return turn;
  };
  return Promise.all(
    nodes.map((node) =>
      readNodeLogs(cluster, node, fence, deps, analyzeInTurn).catch((error: unknown): NodeLogPoll => ({ kind: 'failed', node: node.name, reason: error instanceof Error ? error.message : String(error) })),
    ),
  );
}

function restartedMessage(restarted: 'rotated' | 'truncated', oldFile: 'read' | 'not-read' | null): string {
  if (restarted === 'truncated') return 'watch: node log truncated; read again from its start';
  return oldFile === 'read'
    ? 'watch: node log rotated; read the rest of the old file under its rotated name, then the new file from its start'
    : 'watch: node log rotated; read the new file from its start (lines written to the old file after the last poll are not read: set watch.logs.rotatedSuffix to read them)';
}

/**
 * The watch service's hook: reads the cluster's logs beside its snapshot poll and logs what it did.
 * Never throws: a log that cannot be read must not stop the cluster from being watched.
 */
export async function watchClusterLogs(cluster: string, fence: LeaseFence, pollId: string, deps: LogWatchDeps): Promise<void> {
  if (!deps.logs.enabled) return;
  const started = Date.now();
  try {
    const polls = await pollClusterLogs(cluster, fence, deps);
    for (const poll of polls) {
      if (poll.kind === 'failed') deps.logger.warn({ pollId, cluster, node: poll.node, reason: poll.reason }, 'watch: node log not read');
      else if (poll.kind === 'read' && poll.restarted !== null) deps.logger.warn({ pollId, cluster, node: poll.node, restarted: poll.restarted }, restartedMessage(poll.restarted, poll.oldFile));
      if (poll.kind === 'read' && poll.analysis !== null) deps.logger.warn({ pollId, cluster, node: poll.node, reason: poll.analysis }, 'watch: node log lines skipped');
    }
    const read = polls.filter((p) => p.kind === 'read');
    const scannedBytes = read.reduce((sum, p) => sum + p.scannedBytes, 0);
    const transferredBytes = read.reduce((sum, p) => sum + p.transferredBytes, 0);
    deps.logger.info({ pollId, cluster, logs: polls, scannedBytes, transferredBytes, ms: Date.now() - started }, 'watch: node logs read');
  } catch (err) {
    deps.logger.error({ pollId, cluster, err, ms: Date.now() - started }, 'watch: reading node logs failed');
  }
}
