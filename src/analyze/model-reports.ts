import type { ClusterView, NodeStatus } from '../rabbit/model';
import type { ClusterReport, StatusReport } from './analysis-report';

/** The contract's projection of a parsed status: exactly its fields, nothing the model adds. */
export const statusReport = (status: NodeStatus): StatusReport => ({
  node: status.node,
  rabbitmqVersion: status.rabbitmqVersion,
  erlangVersion: status.erlangVersion,
  uptimeSeconds: status.uptimeSeconds,
  memory: { totalBytes: status.memory.totalBytes, limitBytes: status.memory.limitBytes, breakdown: { ...status.memory.breakdown } },
  alarms: status.alarms === null ? null : [...status.alarms],
  fileDescriptors: { used: status.fileDescriptors.used, limit: status.fileDescriptors.limit },
  disk: { freeBytes: status.disk.freeBytes, limitBytes: status.disk.limitBytes },
});

export const clusterReport = (view: ClusterView): ClusterReport => ({
  node: view.node,
  clusterName: view.clusterName,
  discNodes: [...view.discNodes],
  ramNodes: [...view.ramNodes],
  runningNodes: [...view.runningNodes],
  partitions: view.partitions.map((partition) => ({ node: partition.node, cannotSee: [...partition.cannotSee] })),
  alarms: view.alarms === null ? null : view.alarms.map((entry) => ({ node: entry.node, alarms: [...entry.alarms] })),
});
