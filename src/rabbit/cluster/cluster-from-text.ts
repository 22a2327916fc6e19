import { readTextAlarm } from '../alarm-name';
import type { ClusterView, NodeAlarms, Partition } from '../model';
import { sectionLines, splitTextSections } from '../text-sections';

const NODE_LINE = /^\S+@\S+$/;
const CLUSTER_NAME = /^Cluster name: (.+)$/;
const PARTITION = /^Node (\S+) cannot communicate with (.+)$/;

function nodesIn(lines: readonly string[] | null): string[] {
  return (lines ?? []).filter((line) => NODE_LINE.test(line));
}

function partitionsIn(lines: readonly string[] | null): Partition[] {
  return (lines ?? []).flatMap((line) => {
    const match = PARTITION.exec(line);
    if (!match) return [];
    const cannotSee = (match[2] as string).split(',').map((node) => node.trim()).filter((node) => node !== '');
    return [{ node: match[1] as string, cannotSee }];
  });
}

function alarmsIn(lines: readonly string[] | null): NodeAlarms[] | null {
  if (lines === null) return null;
  const byNode = new Map<string, Set<string>>();
  for (const line of lines) {
    const alarm = readTextAlarm(line);
    if (alarm?.node) byNode.set(alarm.node, (byNode.get(alarm.node) ?? new Set()).add(alarm.name));
  }
  return [...byNode].map(([node, names]) => ({ node, alarms: [...names] }));
}

/** Reads the 3.8+ human-readable `cluster_status`; null when it shows no node lists. */
export function clusterFromText(payload: string, bannerNode: string | null): ClusterView | null {
  const sections = splitTextSections(payload);
  const disc = sectionLines(sections, 'Disk Nodes');
  const running = sectionLines(sections, 'Running Nodes');
  const basics = sectionLines(sections, 'Basics');
  if (disc === null && running === null && basics === null) return null;
  const clusterName = (basics ?? []).map((line) => CLUSTER_NAME.exec(line)?.[1]).find((name) => name !== undefined);
  return {
    node: bannerNode,
    clusterName: clusterName?.trim() ?? null,
    discNodes: nodesIn(disc),
    ramNodes: nodesIn(sectionLines(sections, 'RAM Nodes')),
    runningNodes: nodesIn(running),
    partitions: partitionsIn(sectionLines(sections, 'Network Partitions')),
    alarms: alarmsIn(sectionLines(sections, 'Alarms')),
    format: 'text',
    // Basics opens the output and Feature flags closes it; a paste holding both was not cut.
    complete: basics !== null && sectionLines(sections, 'Feature flags') !== null,
  };
}
