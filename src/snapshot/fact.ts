import type { NodeReach } from '../inspect/cluster-inspector';

/** A resource the node reports with a limit. */
export type LimitedResource = 'memory' | 'file descriptors' | 'sockets' | 'Erlang processes';

/**
 * One thing known about a cluster at the moment of a snapshot, derived once from what the nodes
 * answered. Facts hold names and numbers only; the words are the renderer's. Each has a stable key
 * (`factKey`), so two snapshots can be compared.
 */
export type Fact =
  /** The bot could not get a `status` answer from the node; `reach` says how it failed. Says nothing of what its peers think. */
  | { readonly kind: 'no-answer'; readonly node: string; readonly reach: Exclude<NodeReach, 'ok'> }
  /** Peers that answered `cluster_status` list this disc node as a member and none of them sees it running. */
  | { readonly kind: 'down-per-peers'; readonly node: string; readonly peers: readonly string[] }
  /** The bot got no answer from the node, yet the peers that answered see it running. */
  | { readonly kind: 'running-per-peers'; readonly node: string; readonly peers: readonly string[] }
  /** Some peers see the node running, others do not. */
  | { readonly kind: 'views-disagree'; readonly node: string; readonly seeing: readonly string[]; readonly notSeeing: readonly string[] }
  /** A cluster member the config does not list, so the bot cannot ask it. */
  | { readonly kind: 'member-not-configured'; readonly node: string }
  /** The node answered `status` but not `cluster_status`. */
  | { readonly kind: 'view-missing'; readonly node: string; readonly reach: Exclude<NodeReach, 'ok'> }
  /** `node` reports it cannot see `cannotSee` (merged over every view that says so). */
  | { readonly kind: 'partitioned'; readonly node: string; readonly cannotSee: readonly string[] }
  /** The partition as a whole: the groups of nodes that still see each other. */
  | { readonly kind: 'partition'; readonly sides: readonly (readonly string[])[] }
  | { readonly kind: 'alarm'; readonly node: string; readonly alarm: string }
  | { readonly kind: 'near-limit'; readonly node: string; readonly resource: LimitedResource; readonly percent: number }
  /** Free disk below twice the limit, without a disk alarm yet. */
  | { readonly kind: 'disk-low'; readonly node: string }
  /** Durable queues homed on a node that is down or not answering, as a survivor listed them. */
  | { readonly kind: 'queues-homed-on-lost-node'; readonly node: string; readonly queues: readonly HomedQueue[] };

export interface HomedQueue {
  readonly name: string;
  readonly vhost: string;
  readonly messages: number | null;
}

export type FactKind = Fact['kind'];

/** Stable across snapshots: the same situation gives the same key, whatever the numbers. */
export function factKey(fact: Fact): string {
  switch (fact.kind) {
    case 'partition':
      return `partition:${fact.sides.map((side) => side.join(',')).join('|')}`;
    case 'alarm':
      return `alarm:${fact.node}:${fact.alarm}`;
    case 'near-limit':
      return `near-limit:${fact.node}:${fact.resource}`;
    default:
      return `${fact.kind}:${fact.node}`;
  }
}

export const factsOfKind = <K extends FactKind>(facts: readonly Fact[], kind: K): Extract<Fact, { kind: K }>[] =>
  facts.filter((fact): fact is Extract<Fact, { kind: K }> => fact.kind === kind);
