import type { ClusterInspector } from '../inspect/cluster-inspector';
import { nodeVerdicts, takeSnapshot } from '../snapshot/cluster-snapshot';
import type { LeaseFence } from '../store/step-journal';
import type { Store } from '../store/store';
import { attachToIncident, type IncidentRouting } from './attach-incident';
import { changeEvent } from './change-event';
import { filterFlaps, type FlapPolicy } from './flap-filter';
import type { WatchChange } from './watch-change';
import { snapshotChanges } from './watch-change';
import { parseMemory, serializeMemory } from './watch-memory';

export interface PollDeps {
  readonly inspector: ClusterInspector;
  readonly store: Store;
  readonly now: () => Date;
  readonly holder: string;
  readonly flaps: FlapPolicy;
  readonly keepSnapshots: number;
  readonly incidents: IncidentRouting;
}

export type PollResult =
  | { readonly kind: 'recorded'; readonly seq: number; readonly changes: readonly WatchChange[] }
  /** Another poll of this sequence number was recorded first (a leader that took over, or a retry). */
  | { readonly kind: 'already-recorded'; readonly seq: number }
  /** This replica lost the lease while polling; nothing was written. */
  | { readonly kind: 'stale-fence'; readonly seq: number; readonly currentToken: number };

/**
 * One poll of one cluster: snapshot, diff against the stored previous poll (whoever took it) and the
 * nodes' last conclusive verdicts, then the events and the new snapshot in one transaction under
 * the lease's fencing token. A first poll diffs against an empty snapshot, so nodes already down
 * when watching starts are reported.
 */
export async function pollCluster(cluster: string, fence: LeaseFence, deps: PollDeps): Promise<PollResult> {
  const reports = await deps.inspector.inspect(cluster);
  const next = takeSnapshot(cluster, reports);
  const at = deps.now();
  const [last] = await deps.store.listWatchSnapshots(cluster, 1);
  const previous = last ? parseMemory(last.body) : null;
  const seq = (last?.seq ?? 0) + 1;
  const before = previous?.snapshot ?? takeSnapshot(cluster, []);
  const known = previous?.verdicts ?? nodeVerdicts(before);
  const filtered = filterFlaps(snapshotChanges(before, next, known), previous?.flaps ?? {}, at.getTime(), deps.flaps);
  const body = serializeMemory({ snapshot: next, flaps: filtered.state, verdicts: nodeVerdicts(next, known) });
  return deps.store.transaction(async (tx) => {
    const saved = await tx.saveWatchSnapshot({ cluster, seq, takenAt: at, body }, fence, deps.keepSnapshots);
    if (!saved.saved) return saved.reason === 'stale-fence' ? { kind: 'stale-fence', seq, currentToken: saved.currentToken } : { kind: 'already-recorded', seq };
    for (const change of filtered.changes) await tx.appendEvent(await attachToIncident(tx, changeEvent(change, { cluster, pollSeq: seq, fenceToken: fence.token, holder: deps.holder, at }), deps.incidents));
    return { kind: 'recorded', seq, changes: filtered.changes };
  });
}
