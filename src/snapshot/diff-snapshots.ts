import type { ClusterSnapshot } from './cluster-snapshot';
import { downNodes, nodeVerdicts, sshUnreachableNodes, upNodes, type NodeVerdicts } from './cluster-snapshot';
import { factKey, factsOfKind } from './fact';

/** What changed between two snapshots of one cluster, for the incident timeline. */
export type SnapshotEvent =
  | { readonly kind: 'node-down'; readonly node: string }
  | { readonly kind: 'node-up'; readonly node: string }
  | { readonly kind: 'ssh-unreachable'; readonly node: string }
  | { readonly kind: 'ssh-reachable'; readonly node: string }
  | { readonly kind: 'alarm-set'; readonly node: string; readonly alarm: string }
  | { readonly kind: 'alarm-cleared'; readonly node: string; readonly alarm: string }
  | { readonly kind: 'partition-appeared'; readonly sides: readonly (readonly string[])[] }
  | { readonly kind: 'partition-healed'; readonly sides: readonly (readonly string[])[] };

const added = <T>(before: readonly T[], after: readonly T[], key: (item: T) => string): T[] => {
  const known = new Set(before.map(key));
  return after.filter((item) => !known.has(key(item)));
};

const same = (node: string) => node;

/**
 * The events that lead from `prev` to `next`, each derived from the facts alone: a node the bot
 * merely stopped reaching is `ssh-unreachable`, never `node-down`. Up and down are against `known`,
 * the nodes' last conclusive verdicts (by default what `prev` says).
 */
export function diffSnapshots(prev: ClusterSnapshot, next: ClusterSnapshot, known: NodeVerdicts = nodeVerdicts(prev)): SnapshotEvent[] {
  const downAfter = downNodes(next.facts);
  const upAfter = upNodes(next);
  const [sshBefore, sshAfter] = [sshUnreachableNodes(prev.facts), sshUnreachableNodes(next.facts)];
  const [alarmsBefore, alarmsAfter] = [factsOfKind(prev.facts, 'alarm'), factsOfKind(next.facts, 'alarm')];
  const [splitBefore, splitAfter] = [factsOfKind(prev.facts, 'partition'), factsOfKind(next.facts, 'partition')];
  return [
    ...downAfter.filter((node) => known[node] !== 'down').map((node): SnapshotEvent => ({ kind: 'node-down', node })),
    // Back up only on evidence that it runs: a down node that merely stops answering is not "up".
    ...upAfter.filter((node) => known[node] === 'down' && !downAfter.includes(node)).map((node): SnapshotEvent => ({ kind: 'node-up', node })),
    ...added(sshBefore, sshAfter, same).map((node): SnapshotEvent => ({ kind: 'ssh-unreachable', node })),
    ...sshBefore.filter((node) => next.reports.some((r) => r.node === node && r.kind === 'reached')).map((node): SnapshotEvent => ({ kind: 'ssh-reachable', node })),
    ...added(alarmsBefore, alarmsAfter, factKey).map(({ node, alarm }): SnapshotEvent => ({ kind: 'alarm-set', node, alarm })),
    ...added(alarmsAfter, alarmsBefore, factKey).map(({ node, alarm }): SnapshotEvent => ({ kind: 'alarm-cleared', node, alarm })),
    ...added(splitBefore, splitAfter, factKey).map(({ sides }): SnapshotEvent => ({ kind: 'partition-appeared', sides })),
    ...added(splitAfter, splitBefore, factKey).map(({ sides }): SnapshotEvent => ({ kind: 'partition-healed', sides })),
  ];
}
