import type { ClusterSnapshot, NodeVerdicts } from '../snapshot/cluster-snapshot';
import { diffSnapshots, type SnapshotEvent } from '../snapshot/diff-snapshots';
import { factsOfKind } from '../snapshot/fact';

/** What watch mode reports between two polls: the snapshot diff, timeouts, and flapping in place of a down/up storm. */
export type WatchChange =
  | SnapshotEvent
  /** The node stopped answering within the deadlines (a hung VM or host), where it answered before. */
  | { readonly kind: 'node-timed-out'; readonly node: string }
  | { readonly kind: 'flapping'; readonly node: string; readonly count: number }
  | { readonly kind: 'flapping-stopped'; readonly node: string; readonly count: number; readonly settled: 'up' | 'down' };

const timedOutNodes = (snapshot: ClusterSnapshot): string[] =>
  factsOfKind(snapshot.facts, 'no-answer')
    .filter((f) => f.reach === 'timeout')
    .map((f) => f.node);

/** The changes from `prev` to `next` before flap filtering; up and down against `known`, the nodes' last conclusive verdicts. */
export function snapshotChanges(prev: ClusterSnapshot, next: ClusterSnapshot, known?: NodeVerdicts): WatchChange[] {
  const before = new Set(timedOutNodes(prev));
  return [...diffSnapshots(prev, next, known), ...timedOutNodes(next).filter((node) => !before.has(node)).map((node): WatchChange => ({ kind: 'node-timed-out', node }))];
}

/** Stable within one poll: with the cluster and the poll's sequence number it makes the event's idempotency key. */
export function changeKey(change: WatchChange): string {
  switch (change.kind) {
    case 'alarm-set':
    case 'alarm-cleared':
      return `${change.kind}:${change.node}:${change.alarm}`;
    case 'partition-appeared':
    case 'partition-healed':
      return `${change.kind}:${change.sides.map((side) => side.join(',')).join('|')}`;
    default:
      return `${change.kind}:${change.node}`;
  }
}
