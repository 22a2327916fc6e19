import type { AmqpEndpoint, ClusterProbe, ConnectFailure } from '../amqp/probe-result';

/** Whether the client-facing endpoint now lands on the standby, judged by the cluster name its broker announces. */
export type SwitchVerification =
  | { readonly kind: 'reaches-standby'; readonly clusterName: string }
  | { readonly kind: 'reaches-other'; readonly endpoint: AmqpEndpoint; readonly clusterName: string | null; readonly expected: string }
  | { readonly kind: 'client-endpoint-unreachable'; readonly endpoint: AmqpEndpoint; readonly failure: ConnectFailure }
  /** The standby's own endpoints did not say which cluster name to expect. */
  | { readonly kind: 'standby-name-unknown' };

const clusterNames = (probe: ClusterProbe): (string | null)[] =>
  probe.endpoints.flatMap((e) => e.vhosts.flatMap((v) => (v.kind === 'connected' ? [v.server.clusterName] : [])));

/**
 * `clientFacing`: a probe of the endpoints clients use (the primary's configured ones); `standby`: a
 * probe of the standby's own endpoints, which tells the cluster name to expect. Every client-facing
 * endpoint must land on it.
 */
export function verifySwitch(clientFacing: ClusterProbe, standby: ClusterProbe): SwitchVerification {
  const expected = clusterNames(standby).find((name): name is string => name !== null);
  if (expected === undefined) return { kind: 'standby-name-unknown' };
  for (const { endpoint, vhosts } of clientFacing.endpoints) {
    for (const v of vhosts) {
      if (v.kind === 'unreachable') return { kind: 'client-endpoint-unreachable', endpoint, failure: v.failure };
      if (v.server.clusterName !== expected) return { kind: 'reaches-other', endpoint, clusterName: v.server.clusterName, expected };
    }
  }
  return { kind: 'reaches-standby', clusterName: expected };
}
