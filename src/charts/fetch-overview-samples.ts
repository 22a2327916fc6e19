import type { ClusterConfig } from '../config/schema';
import { createManagementClient } from '../management/management-client';
import type { ManagementConfig } from '../management/management-config';
import type { ReaderFor } from '../transport/types';
import { overviewSamplesSchema, samplesQuery, type OverviewSamples } from './management-samples';

export type SamplesFetch =
  | { readonly kind: 'samples'; readonly node: string; readonly overview: OverviewSamples }
  | { readonly kind: 'none'; readonly reasons: readonly string[] };

/**
 * The cluster-wide history the management API keeps, from the first node whose API answers: any
 * node's overview covers the whole cluster, and a silent node must not cost more than its deadline.
 */
export async function fetchOverviewSamples(cluster: ClusterConfig, config: ManagementConfig, readerFor: ReaderFor, sinceSeconds: number): Promise<SamplesFetch> {
  const reasons: string[] = [];
  for (const node of cluster.nodes) {
    const client = createManagementClient(readerFor(cluster.name, node.name), node, config);
    if (!client.ok) return { kind: 'none', reasons: [client.error.detail] };
    const answer = await client.value.get(`/api/overview${samplesQuery(sinceSeconds)}`, AbortSignal.timeout(config.deadlineMs));
    if (answer.kind !== 'answered') {
      reasons.push(`${node.name}: ${answer.detail}`);
      continue;
    }
    const parsed = answer.status === 200 ? overviewSamplesSchema.safeParse(safeJson(answer.body)) : null;
    if (parsed?.success) return { kind: 'samples', node: node.name, overview: parsed.data };
    reasons.push(`${node.name}: HTTP ${answer.status}`);
  }
  return { kind: 'none', reasons };
}

function safeJson(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    return undefined;
  }
}
