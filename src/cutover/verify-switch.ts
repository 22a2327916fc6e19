import type { AmqpEndpoint, ClusterProbe, ConnectFailure } from '../amqp/probe-result';
import { describeConnectFailure, describeEndpoint } from '../amqp/describe-probe';

/** Whether the client-facing endpoints land on the expected cluster, judged by the cluster name its broker announces. */
export type SwitchVerification =
  | { readonly kind: 'reaches'; readonly clusterName: string }
  | { readonly kind: 'reaches-other'; readonly endpoint: AmqpEndpoint; readonly clusterName: string | null; readonly expected: string }
  | { readonly kind: 'client-endpoint-unreachable'; readonly endpoint: AmqpEndpoint; readonly failure: ConnectFailure };

/** The cluster name the first connection of a probe announced: which cluster answers there. */
export function announcedClusterName(probe: ClusterProbe): string | null {
  const names = probe.endpoints.flatMap((e) => e.vhosts.flatMap((v) => (v.kind === 'connected' && v.server.clusterName !== null ? [v.server.clusterName] : [])));
  return names[0] ?? null;
}

/**
 * `clientFacing`: a probe of the endpoints clients use (the primary's configured ones). Every one of
 * them, in every vhost, must land on the cluster named `expected`.
 */
export function verifySwitch(clientFacing: ClusterProbe, expected: string): SwitchVerification {
  for (const { endpoint, vhosts } of clientFacing.endpoints) {
    for (const v of vhosts) {
      if (v.kind === 'unreachable') return { kind: 'client-endpoint-unreachable', endpoint, failure: v.failure };
      if (v.server.clusterName !== expected) return { kind: 'reaches-other', endpoint, clusterName: v.server.clusterName, expected };
    }
  }
  return { kind: 'reaches', clusterName: expected };
}

export function describeSwitchVerification(verification: SwitchVerification): string {
  switch (verification.kind) {
    case 'reaches':
      return `every client-facing endpoint announces cluster_name ${verification.clusterName}`;
    case 'reaches-other':
      return `${describeEndpoint(verification.endpoint)} announces ${verification.clusterName ?? 'no cluster_name'}, not ${verification.expected}`;
    case 'client-endpoint-unreachable':
      return `${describeEndpoint(verification.endpoint)}: ${describeConnectFailure(verification.failure)}`;
  }
}
