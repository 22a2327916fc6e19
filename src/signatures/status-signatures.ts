import type { NodeStatus, UsedLimit } from '../rabbit/model';
import { NO_SIGHTING } from './finding';
import type { FindingCollector } from './finding-collector';

/** Share of the limit at which descriptors count as "near the limit". */
const NEAR_LIMIT = 0.9;

/** Alarm names as status reports them, mapped to the signature they raise. */
const ALARM_SIGNATURES: Readonly<Record<string, string>> = {
  memory: 'memory-alarm',
  disk: 'disk-alarm',
  file_descriptor_limit: 'fd-exhausted',
};

const usage = (pair: UsedLimit): number | null =>
  pair.used === null || pair.limit === null || pair.limit <= 0 ? null : pair.used / pair.limit;

/** Signatures read from a parsed `rabbitmqctl status` of one node. */
export const collectStatusFindings = (status: NodeStatus, collector: FindingCollector): void => {
  const node = status.node === null ? {} : { node: status.node };
  const plugins = status.memory.breakdown['plugins'];
  if (plugins !== undefined && plugins < 0) collector.raise('negative-plugin-memory', node, NO_SIGHTING);

  const alarmIds = new Set((status.alarms ?? []).map((alarm) => ALARM_SIGNATURES[alarm]).filter((id): id is string => id !== undefined));
  const { totalBytes, limitBytes } = status.memory;
  if (totalBytes !== null && limitBytes !== null && limitBytes > 0 && totalBytes >= limitBytes) alarmIds.add('memory-alarm');
  const { freeBytes, limitBytes: diskLimit } = status.disk;
  if (freeBytes !== null && diskLimit !== null && freeBytes < diskLimit) alarmIds.add('disk-alarm');

  // Sockets are file descriptors too: either running out blocks new connections.
  const shares = [usage(status.fileDescriptors), usage(status.sockets)].filter((share): share is number => share !== null);
  if (shares.some((share) => share >= 1)) alarmIds.add('fd-exhausted');
  else if (shares.some((share) => share >= NEAR_LIMIT)) alarmIds.add('fd-near-limit');
  for (const id of alarmIds) collector.raise(id, node, NO_SIGHTING);
};
