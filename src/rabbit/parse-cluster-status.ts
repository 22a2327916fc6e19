import { clusterFromPlain } from './cluster/cluster-from-plain';
import { clusterFromText } from './cluster/cluster-from-text';
import { detectCliFailure } from './detect-cli-failure';
import { detectFormat } from './detect-format';
import { readErlangPayload } from './erlang-payload';
import { readJsonPayload } from './json-payload';
import type { CliFailure, ClusterView } from './model';

export type ClusterParse =
  | { readonly kind: 'parsed'; readonly view: ClusterView }
  | { readonly kind: 'cli-failure'; readonly failure: CliFailure }
  | { readonly kind: 'unrecognized'; readonly reason: string };

function readClusterView(text: string): ClusterView | null {
  const detected = detectFormat(text, 'cluster_status');
  if (detected === null) return null;
  const { format, payload, bannerNode } = detected;
  if (format === 'text') return clusterFromText(payload, bannerNode);
  const read = format === 'json' ? readJsonPayload(payload) : readErlangPayload(payload);
  if (read === null) return null;
  return clusterFromPlain(read.plain, { format, complete: read.complete, bannerNode });
}

/**
 * Reads `rabbitmqctl cluster_status` output in any of its formats (see parseStatus). Partitions say
 * which node cannot see which; alarms are grouped by node and list only nodes that have one.
 */
export function parseClusterStatus(text: string): ClusterParse {
  const view = readClusterView(text);
  if (view !== null) return { kind: 'parsed', view };
  const failure = detectCliFailure(text, '', null);
  if (failure !== null) return { kind: 'cli-failure', failure };
  return { kind: 'unrecognized', reason: 'no rabbitmqctl cluster_status payload found (Erlang terms, JSON or 3.8+ text)' };
}
