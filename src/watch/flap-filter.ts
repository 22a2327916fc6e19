import type { WatchChange } from './watch-change';

/** One node's recent down/up transitions; persisted with the snapshot so a new leader continues the count. */
export interface FlapRecord {
  /** Times (ms) of the transitions inside the window. */
  readonly transitions: readonly number[];
  /** Transitions since the node was reported flapping; null while it is not. */
  readonly flappingCount: number | null;
  readonly last: 'up' | 'down';
}

export type FlapState = Readonly<Record<string, FlapRecord>>;

export interface FlapPolicy {
  readonly threshold: number;
  readonly windowMs: number;
}

const isUpDown = (change: WatchChange): change is Extract<WatchChange, { kind: 'node-down' | 'node-up' }> => change.kind === 'node-down' || change.kind === 'node-up';

/**
 * Turns a node's down/up storm into one `flapping` event with a count, then silence until the node
 * has been still for a whole window, then one `flapping-stopped` saying where it settled.
 */
export function filterFlaps(changes: readonly WatchChange[], state: FlapState, now: number, policy: FlapPolicy): { changes: WatchChange[]; state: FlapState } {
  const next: Record<string, FlapRecord> = {};
  const out: WatchChange[] = [];
  for (const [node, record] of Object.entries(state)) {
    const recent = record.transitions.filter((t) => now - t < policy.windowMs);
    if (recent.length > 0) next[node] = { ...record, transitions: recent };
    else if (record.flappingCount !== null) out.push({ kind: 'flapping-stopped', node, count: record.flappingCount, settled: record.last });
  }
  for (const change of changes) {
    if (!isUpDown(change)) {
      out.push(change);
      continue;
    }
    const previous = next[change.node];
    const last = change.kind === 'node-down' ? 'down' : 'up';
    const transitions = [...(previous?.transitions ?? []), now];
    if (previous?.flappingCount != null) {
      next[change.node] = { transitions, flappingCount: previous.flappingCount + 1, last };
    } else if (transitions.length >= policy.threshold) {
      next[change.node] = { transitions, flappingCount: transitions.length, last };
      out.push({ kind: 'flapping', node: change.node, count: transitions.length });
    } else {
      next[change.node] = { transitions, flappingCount: null, last };
      out.push(change);
    }
  }
  return { changes: out, state: next };
}
