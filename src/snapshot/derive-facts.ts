import { reachOf, reachOfFailure, statusOf, viewOf, type NodeReport } from '../inspect/cluster-inspector';
import type { ClusterView, NodeStatus } from '../rabbit/model';
import type { Fact, LimitedResource } from './fact';
import { partitionSides } from './partition-sides';

const NEAR_LIMIT_RATIO = 0.9;

function noAnswerFacts(reports: readonly NodeReport[]): Fact[] {
  return reports.flatMap((report): Fact[] => {
    const reach = reachOf(report);
    return reach === 'ok' ? [] : [{ kind: 'no-answer', node: report.node, reach }];
  });
}

function viewMissingFacts(reports: readonly NodeReport[]): Fact[] {
  return reports.flatMap((report): Fact[] =>
    report.kind === 'reached' && report.status.kind === 'ok' && report.view.kind === 'failed' ? [{ kind: 'view-missing', node: report.node, reach: reachOfFailure(report.view.failure) }] : [],
  );
}

/**
 * What the nodes that answered `cluster_status` say about each member. Only a peer that answered
 * can call a node down; the bot failing to reach it is a different fact (`no-answer`).
 */
function membershipFacts(reports: readonly NodeReport[]): Fact[] {
  const views = reports.flatMap((report) => {
    const view = viewOf(report);
    return view === null ? [] : [{ node: report.node, view }];
  });
  const byNode = new Map(reports.map((report) => [report.node, report]));
  const members = new Set<string>();
  for (const { view } of views) for (const member of [...view.discNodes, ...view.ramNodes]) members.add(member);
  const facts: Fact[] = [];
  for (const member of [...members].sort()) {
    const seeing = views.filter(({ view }) => view.runningNodes.includes(member)).map((v) => v.node);
    const notSeeing = views.filter(({ view }) => !view.runningNodes.includes(member)).map((v) => v.node);
    const own = byNode.get(member);
    const isDisc = views.some(({ view }) => view.discNodes.includes(member));
    if (!own) facts.push({ kind: 'member-not-configured', node: member });
    if (seeing.length === 0 && isDisc) facts.push({ kind: 'down-per-peers', node: member, peers: notSeeing });
    else if (seeing.length > 0 && notSeeing.length > 0) facts.push({ kind: 'views-disagree', node: member, seeing, notSeeing });
    else if (own && reachOf(own) !== 'ok' && seeing.some((peer) => peer !== member)) {
      // Its own cluster_status may have answered when its status did not; only others are its peers.
      facts.push({ kind: 'running-per-peers', node: member, peers: seeing.filter((peer) => peer !== member) });
    }
  }
  return facts;
}

function partitionFacts(views: readonly ClusterView[]): Fact[] {
  const cannotSee = new Map<string, Set<string>>();
  for (const view of views) {
    for (const p of view.partitions) {
      const set = cannotSee.get(p.node) ?? new Set<string>();
      p.cannotSee.forEach((n) => set.add(n));
      cannotSee.set(p.node, set);
    }
  }
  if (cannotSee.size === 0) return [];
  const pairs = [...cannotSee].flatMap(([node, others]) => [...others].map((other) => [node, other] as const));
  const sides = partitionSides([...pairs.flat(), ...views.flatMap((v) => v.runningNodes)], pairs);
  return [...[...cannotSee].map(([node, others]): Fact => ({ kind: 'partitioned', node, cannotSee: [...others].sort() })), { kind: 'partition', sides }];
}

const ratio = (used: number | null, limit: number | null): number | null => (used !== null && limit !== null && limit > 0 ? used / limit : null);

function resourceFacts(node: string, status: NodeStatus): Fact[] {
  const alarms = status.alarms ?? [];
  const facts: Fact[] = alarms.map((alarm) => ({ kind: 'alarm', node, alarm }));
  const checks: [LimitedResource, number | null][] = [
    ['memory', ratio(status.memory.totalBytes, status.memory.limitBytes)],
    ['file descriptors', ratio(status.fileDescriptors.used, status.fileDescriptors.limit)],
    ['sockets', ratio(status.sockets.used, status.sockets.limit)],
    ['Erlang processes', ratio(status.processes.used, status.processes.limit)],
  ];
  for (const [resource, r] of checks) if (r !== null && r >= NEAR_LIMIT_RATIO) facts.push({ kind: 'near-limit', node, resource, percent: Math.round(r * 100) });
  const { freeBytes, limitBytes } = status.disk;
  if (freeBytes !== null && limitBytes !== null && freeBytes < limitBytes * 2 && !alarms.includes('disk')) facts.push({ kind: 'disk-low', node });
  return facts;
}

/** Every fact the node reports support, in the order a reader meets them: who did not answer, who sees whom, partitions, resources. */
export function deriveFacts(reports: readonly NodeReport[]): Fact[] {
  const views = reports.map(viewOf).filter((view): view is ClusterView => view !== null);
  return [
    ...noAnswerFacts(reports),
    ...viewMissingFacts(reports),
    ...membershipFacts(reports),
    ...partitionFacts(views),
    ...reports.flatMap((report) => {
      const status = statusOf(report);
      return status === null ? [] : resourceFacts(report.node, status);
    }),
  ];
}
