import type { ClusterView } from '../rabbit/model';
import { NO_SIGHTING } from './finding';
import type { FindingCollector } from './finding-collector';

const ALARM_SIGNATURES: Readonly<Record<string, string>> = {
  memory: 'memory-alarm',
  disk: 'disk-alarm',
  file_descriptor_limit: 'fd-exhausted',
};

/** Signatures read from a parsed `rabbitmqctl cluster_status`. */
export const collectClusterFindings = (view: ClusterView, collector: FindingCollector): void => {
  const running = new Set(view.runningNodes);
  for (const disc of view.discNodes) {
    if (!running.has(disc)) collector.raise('node-down', { node: disc }, NO_SIGHTING);
  }
  for (const partition of view.partitions) {
    for (const unseen of partition.cannotSee) {
      collector.raise('network-partition', { node: partition.node, peer: unseen }, NO_SIGHTING);
    }
  }
  for (const { node, alarms } of view.alarms ?? []) {
    for (const alarm of alarms) {
      const id = ALARM_SIGNATURES[alarm];
      if (id !== undefined) collector.raise(id, { node }, NO_SIGHTING);
    }
  }
};
