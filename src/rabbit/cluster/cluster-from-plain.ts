import { z } from 'zod';
import { readAlarm } from '../alarm-name';
import type { PlainValue } from '../erlang-term/term-to-plain';
import type { ClusterView, NodeAlarms, OutputFormat, Partition } from '../model';
import { lenient, textValue } from '../plain-schemas';
import { splitConcatenatedNodes } from './split-concatenated-nodes';

const nodeList = z.array(z.string());

/**
 * `cluster_status` as a plain object: Erlang terms and 3.7 JSON have `nodes: {disc, ram}` and
 * per-node alarm lists; 3.8+ JSON has `disk_nodes`/`ram_nodes` and a flat list of alarm maps.
 * Erlang prints an empty proplist as `[]`, hence the array alternatives.
 */
const clusterFields = z.looseObject({
  nodes: lenient(z.looseObject({ disc: lenient(nodeList), ram: lenient(nodeList) })),
  disk_nodes: lenient(nodeList),
  ram_nodes: lenient(nodeList),
  running_nodes: lenient(z.union([nodeList, z.string()])),
  cluster_name: lenient(textValue),
  partitions: lenient(z.union([z.record(z.string(), nodeList), z.array(z.never())])),
  alarms: lenient(z.union([z.record(z.string(), z.array(z.unknown())), z.array(z.unknown())])),
});
type ClusterFields = z.infer<typeof clusterFields>;

function alarmsByNode(alarms: ClusterFields['alarms'], printingNode: string | null): NodeAlarms[] | null {
  if (alarms === undefined) return null;
  const byNode = new Map<string, Set<string>>();
  const add = (node: string | null, name: string): void => {
    if (node === null) return;
    byNode.set(node, (byNode.get(node) ?? new Set()).add(name));
  };
  if (Array.isArray(alarms)) {
    for (const alarm of alarms) {
      const read = readAlarm(alarm as PlainValue);
      if (read !== null) add(read.node ?? printingNode, read.name);
    }
  } else {
    for (const [node, list] of Object.entries(alarms)) {
      for (const alarm of list) {
        const read = readAlarm(alarm as PlainValue);
        if (read !== null) add(node, read.name);
      }
    }
  }
  return [...byNode].map(([node, names]) => ({ node, alarms: [...names] }));
}

function partitionsOf(partitions: ClusterFields['partitions']): Partition[] {
  if (partitions === undefined || Array.isArray(partitions)) return [];
  return Object.entries(partitions).map(([node, cannotSee]) => ({ node, cannotSee }));
}

export interface ClusterSource {
  readonly format: OutputFormat;
  readonly complete: boolean;
  readonly bannerNode: string | null;
}

/** Reads a ClusterView from `cluster_status` in plain form; null when it has no node lists at all. */
export function clusterFromPlain(plain: PlainValue, source: ClusterSource): ClusterView | null {
  const parsed = clusterFields.safeParse(plain);
  if (!parsed.success) return null;
  const fields = parsed.data;
  const discNodes = fields.disk_nodes ?? fields.nodes?.disc;
  const ramNodes = fields.ram_nodes ?? fields.nodes?.ram ?? [];
  if (discNodes === undefined && fields.running_nodes === undefined) return null;
  const running = fields.running_nodes ?? [];
  return {
    node: source.bannerNode,
    clusterName: fields.cluster_name ?? null,
    discNodes: discNodes ?? [],
    ramNodes,
    runningNodes: typeof running === 'string' ? splitConcatenatedNodes(running, [...(discNodes ?? []), ...ramNodes]) : running,
    partitions: partitionsOf(fields.partitions),
    alarms: alarmsByNode(fields.alarms, source.bannerNode),
    format: source.format,
    complete: source.complete,
  };
}
