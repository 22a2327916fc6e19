import type { AmqpEndpoint, CanaryOutcome, ClusterProbe, ConnectFailure } from '../amqp/probe-result';
import type { NodeReach } from '../inspect/cluster-inspector';
import { upNodes, type ClusterSnapshot } from '../snapshot/cluster-snapshot';

/** A reason not to cut over to this standby now. */
export type StandbyProblem =
  | { readonly kind: 'node-not-answering'; readonly node: string; readonly reach: Exclude<NodeReach, 'ok'> }
  | { readonly kind: 'node-down'; readonly node: string }
  | { readonly kind: 'partitioned'; readonly sides: readonly (readonly string[])[] }
  | { readonly kind: 'alarm'; readonly node: string; readonly alarm: string }
  | { readonly kind: 'no-amqp-config' }
  | { readonly kind: 'amqp-unreachable'; readonly endpoint: AmqpEndpoint; readonly vhost: string; readonly failure: ConnectFailure }
  | { readonly kind: 'canary-failed'; readonly endpoint: AmqpEndpoint; readonly vhost: string; readonly canary: Exclude<CanaryOutcome, { kind: 'round-trip' }> };

export interface CanaryRoundTrip {
  readonly endpoint: AmqpEndpoint;
  readonly vhost: string;
  readonly roundTripMs: number;
}

export interface StandbyHealth {
  readonly cluster: string;
  readonly healthy: boolean;
  readonly up: readonly string[];
  readonly roundTrips: readonly CanaryRoundTrip[];
  readonly problems: readonly StandbyProblem[];
}

/** Healthy means: every node answers and runs, no partition, no alarm, and every configured endpoint carries a canary message. */
export function judgeStandbyHealth(snapshot: ClusterSnapshot, probe: ClusterProbe | null): StandbyHealth {
  const problems: StandbyProblem[] = snapshot.facts.flatMap((fact): StandbyProblem[] => {
    switch (fact.kind) {
      case 'no-answer':
        return [fact.reach === 'rabbit-down' ? { kind: 'node-down', node: fact.node } : { kind: 'node-not-answering', node: fact.node, reach: fact.reach }];
      case 'down-per-peers':
        return [{ kind: 'node-down', node: fact.node }];
      case 'partition':
        return [{ kind: 'partitioned', sides: fact.sides }];
      case 'alarm':
        return [{ kind: 'alarm', node: fact.node, alarm: fact.alarm }];
      default:
        return [];
    }
  });
  const roundTrips: CanaryRoundTrip[] = [];
  if (probe === null) problems.push({ kind: 'no-amqp-config' });
  for (const { endpoint, vhosts } of probe?.endpoints ?? []) {
    for (const v of vhosts) {
      if (v.kind === 'unreachable') problems.push({ kind: 'amqp-unreachable', endpoint, vhost: v.vhost, failure: v.failure });
      else if (v.canary.kind === 'round-trip') roundTrips.push({ endpoint, vhost: v.vhost, roundTripMs: v.canary.roundTripMs });
      else problems.push({ kind: 'canary-failed', endpoint, vhost: v.vhost, canary: v.canary });
    }
  }
  return { cluster: snapshot.cluster, healthy: problems.length === 0, up: upNodes(snapshot), roundTrips, problems };
}
