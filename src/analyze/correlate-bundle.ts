import { recordEpochMs } from '../signatures/record-time';
import type { BundleReport, DownSighting, InputReport } from './analysis-report';

/** One analyzed file of a bundle and where it sat. */
export interface BundleInput {
  readonly host: string | null;
  /** The node the file's name names, when it does (`rabbit@mq1.log`). */
  readonly fileNode: string | null;
  readonly report: InputReport;
}

interface NodeEntry {
  readonly node: string;
  readonly host: string | null;
  readonly inputs: string[];
  readonly problems: Map<string, { firstTime: string | null; count: number }>;
}

/** A node's own findings of these ids say why it is not running, or not in the cluster. */
const OWN_PROBLEMS = new Set([
  'boot-failed', 'inconsistent-cluster', 'mnesia-tables-timeout', 'force-boot-needed', 'cookie-mismatch', 'cookie-file-unreadable',
  'port-in-use', 'epmd-error', 'vm-out-of-memory', 'ra-coordination-failed', 'cluster-formation-failed', 'node-restart-loop',
  'network-partition', 'partial-partition', 'memory-alarm', 'disk-alarm', 'fd-exhausted',
]);

/** Every file of a host belongs to the node that any of them names. */
const nodeOfHosts = (inputs: readonly BundleInput[]): Map<string, string> => {
  const byHost = new Map<string, string>();
  for (const { host, fileNode, report } of inputs) {
    const named = fileNode ?? report.status?.node ?? report.cluster?.node ?? null;
    if (host !== null && named !== null && !byHost.has(host)) byHost.set(host, named);
  }
  return byHost;
};

const earliest = (a: string | null, b: string | null): string | null => {
  const [ta, tb] = [recordEpochMs(a), recordEpochMs(b)];
  if (ta === null) return tb === null ? (a ?? b) : b;
  return tb === null || ta <= tb ? a : b;
};

const byTime = (a: string | null, b: string | null): number =>
  (recordEpochMs(a) ?? Number.POSITIVE_INFINITY) - (recordEpochMs(b) ?? Number.POSITIVE_INFINITY);

const logSightings = (observer: string, report: InputReport): DownSighting[] =>
  report.findings
    .filter((finding) => finding.signature === 'node-down' && finding.subject['node'] !== undefined && finding.subject['node'] !== observer)
    .map((finding) => ({
      observer,
      node: finding.subject['node']!,
      via: 'log',
      firstTime: finding.firstTime,
      lastTime: finding.lastTime,
      count: finding.count,
      state: finding.state,
    }));

const clusterSightings = (observer: string, report: InputReport): DownSighting[] => {
  const view = report.cluster;
  if (view === null) return [];
  const members = [...view.discNodes, ...view.ramNodes];
  return members
    .filter((member) => !view.runningNodes.includes(member))
    .map((member) => ({ observer, node: member, via: 'cluster_status', firstTime: null, lastTime: null, count: 1, state: 'active' }));
};

/** A cluster that never formed: several nodes each list only themselves as members. */
const aloneNodes = (views: readonly { node: string; members: readonly string[] }[]): string[] => {
  const alone = views.filter(({ node, members }) => members.length === 1 && members[0] === node).map(({ node }) => node);
  return alone.length >= 2 && alone.length === views.length ? alone : [];
};

/**
 * The story across the nodes of one bundle: which node went down first and who saw it, what each
 * node's own files say about why it is not running, and whether the nodes ever formed one cluster.
 * Pure: the inputs were analyzed one by one; this only reads their reports.
 */
export const correlateBundle = (source: string, inputs: readonly BundleInput[]): BundleReport => {
  const hostNodes = nodeOfHosts(inputs);
  const nodeOf = (input: BundleInput): string => input.fileNode ?? (input.host === null ? null : hostNodes.get(input.host)) ?? input.host ?? 'unknown node';

  const nodes = new Map<string, NodeEntry>();
  const sightings: DownSighting[] = [];
  const views: { node: string; members: readonly string[] }[] = [];
  for (const input of inputs) {
    const node = nodeOf(input);
    const entry: NodeEntry = nodes.get(node) ?? { node, host: input.host, inputs: [], problems: new Map() };
    nodes.set(node, entry);
    entry.inputs.push(input.report.source);
    for (const finding of input.report.findings) {
      if (!OWN_PROBLEMS.has(finding.signature) || finding.state === 'cleared') continue;
      const seen = entry.problems.get(finding.signature);
      entry.problems.set(finding.signature, {
        firstTime: seen === undefined ? finding.firstTime : earliest(seen.firstTime, finding.firstTime),
        count: (seen?.count ?? 0) + finding.count,
      });
    }
    sightings.push(...logSightings(node, input.report), ...clusterSightings(node, input.report));
    if (input.report.cluster !== null) views.push({ node: input.report.cluster.node ?? node, members: [...input.report.cluster.discNodes, ...input.report.cluster.ramNodes] });
  }

  const downNodes = [...new Set(sightings.map((sighting) => sighting.node))];
  const downOrder = downNodes
    .map((node) => {
      const seen = sightings.filter((sighting) => sighting.node === node);
      return {
        node,
        firstTime: seen.reduce<string | null>((first, sighting) => (first === null ? sighting.firstTime : earliest(first, sighting.firstTime)), null),
        seenBy: [...new Set(seen.map((sighting) => sighting.observer))].sort(),
      };
    })
    .sort((a, b) => byTime(a.firstTime, b.firstTime) || a.node.localeCompare(b.node));

  const nodeList = [...nodes.values()].map((entry) => ({
    node: entry.node,
    host: entry.host,
    inputs: entry.inputs,
    problems: [...entry.problems.entries()]
      .map(([signature, seen]) => ({ signature, firstTime: seen.firstTime, count: seen.count }))
      .sort((a, b) => byTime(a.firstTime, b.firstTime) || a.signature.localeCompare(b.signature)),
  })).sort((a, b) => a.node.localeCompare(b.node));

  return { source, nodes: nodeList, downOrder, sightings, conclusions: concludeBundle(nodeList, downOrder, aloneNodes(views)) };
};

const concludeBundle = (
  nodes: BundleReport['nodes'],
  downOrder: BundleReport['downOrder'],
  alone: readonly string[],
): BundleReport['conclusions'] => {
  const conclusions: BundleReport['conclusions'] = [];
  const first = downOrder[0];
  if (first !== undefined) {
    const when = first.firstTime === null ? '' : ` at ${first.firstTime}`;
    conclusions.push({ signature: 'node-down', nodes: [first.node], summary: `${first.node} went down first${when}, seen by ${first.seenBy.join(', ')}` });
    for (const later of downOrder.slice(1)) {
      const when2 = later.firstTime === null ? '' : ` at ${later.firstTime}`;
      conclusions.push({ signature: 'node-down', nodes: [later.node], summary: `then ${later.node}${when2}, seen by ${later.seenBy.join(', ')}` });
    }
  }
  for (const node of nodes) {
    for (const problem of node.problems) {
      const when = problem.firstTime === null ? '' : ` (from ${problem.firstTime})`;
      conclusions.push({ signature: problem.signature, nodes: [node.node], summary: `${node.node}: ${problem.signature}${when}` });
    }
  }
  if (alone.length > 0) {
    conclusions.push({ signature: 'cluster-formation-failed', nodes: [...alone], summary: `the cluster never formed: ${alone.join(', ')} each list only themselves as members` });
  }
  return conclusions;
};
