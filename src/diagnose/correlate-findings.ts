import type { ClusterView } from '../rabbit/model';
import { findSignature } from '../signatures/catalog';
import type { Finding } from '../signatures/finding';
import type { AffectedQueue, Diagnosis, QueueFacts } from './diagnosis';
import { partitionSides } from './partition-sides';

export interface CorrelationInput {
  /** Findings from every source: node logs, status, cluster_status. */
  readonly findings: readonly Finding[];
  readonly cluster?: ClusterView | null;
  readonly queues?: readonly QueueFacts[];
  /** Nodes the bot itself could not reach (SSH timeout, refused). */
  readonly unreachableNodes?: readonly string[];
}

const RANK = { durableQueues: 100, removedWhileAway: 90, partition: 80, nodeDown: 70, critical: 50, warning: 30, info: 10 } as const;

const active = (findings: readonly Finding[], id: string): Finding[] =>
  findings.filter((finding) => finding.signature === id && finding.state === 'active');

const uniq = <T>(items: readonly T[]): T[] => [...new Set(items)];

/** Nodes that evidence says are down or unreachable right now. */
const downNodes = (input: CorrelationInput): Set<string> => {
  const fromFindings = ['node-down', 'node-unreachable', 'cli-nodedown'].flatMap((id) => active(input.findings, id).map((f) => f.subject.node));
  const running = new Set(input.cluster?.runningNodes ?? []);
  const notRunning = input.cluster ? input.cluster.discNodes.filter((node) => !running.has(node)) : [];
  return new Set([...fromFindings, ...notRunning, ...(input.unreachableNodes ?? [])].filter((node): node is string => node !== undefined));
};

const affectedQueues = (home: string, input: CorrelationInput): AffectedQueue[] => {
  const byKey = new Map<string, AffectedQueue>();
  const facts = (name: string, vhost: string | null) => input.queues?.find((q) => q.name === name && (vhost === null || q.vhost === vhost));
  const add = (name: string, vhost: string | null) => {
    const known = facts(name, vhost);
    byKey.set(`${vhost ?? known?.vhost ?? ''}\u0000${name}`, { name, vhost: vhost ?? known?.vhost ?? null, homeNode: home, messages: known?.messages ?? null });
  };
  for (const finding of active(input.findings, 'queue-home-node-down')) {
    if (finding.subject.node === home && finding.subject.queue !== undefined) add(finding.subject.queue, finding.subject.vhost ?? null);
  }
  const homed = new Set([...byKey.values()].map((queue) => queue.name));
  for (const finding of active(input.findings, 'binding-missing')) {
    const queue = finding.subject.queue;
    if (queue !== undefined && (homed.has(queue) || facts(queue, finding.subject.vhost ?? null)?.node === home)) add(queue, finding.subject.vhost ?? null);
  }
  for (const queue of input.queues ?? []) {
    if (queue.node === home && queue.durable === true) add(queue.name, queue.vhost);
  }
  return [...byKey.values()];
};

const durableQueuesDiagnosis = (home: string, input: CorrelationInput, confirmed: boolean): Diagnosis => {
  const queues = affectedQueues(home, input);
  const evidence = ['queue-home-node-down', 'binding-missing'].filter((id) => active(input.findings, id).length > 0);
  return {
    kind: 'durable-queues-unavailable',
    rank: RANK.durableQueues + (confirmed ? 5 : 0),
    severity: 'critical',
    title: `${queues.length} durable queue${queues.length === 1 ? '' : 's'} homed on ${home} unavailable`,
    explanation:
      `${queues.length} durable ${queues.length === 1 ? 'queue homed on ' + home + ' is' : 'queues homed on ' + home + ' are'} unavailable; clients fail queue.declare / queue.bind. ` +
      `Evicting ${home} will NOT bring them back, and \`forget_cluster_node\` DELETES non-mirrored durable queues homed on ${home} with their messages. ` +
      `Restart ${home}, or cut over to the standby.` +
      (confirmed ? '' : ` (${home} itself is not confirmed down by another source yet.)`),
    nodes: [home],
    queues,
    actions: [`Restart ${home} (or its VM) and check it reappears in running_nodes`, 'Cut over clients to the standby cluster', `Do NOT run forget_cluster_node ${home} while you still need these queues`],
    evidence: confirmed ? [...evidence, 'node-down'] : evidence,
  };
};

const removedWhileAway = (finding: Finding, input: CorrelationInput): Diagnosis => {
  const node = finding.subject.node ?? 'the returning node';
  const peer = finding.subject.peer ?? '<a running cluster node>';
  const forgotten = active(input.findings, 'node-forgotten').some((f) => f.subject.node === finding.subject.node);
  return {
    kind: 'node-removed-while-away',
    rank: RANK.removedWhileAway,
    severity: 'critical',
    title: `${node} was removed from the cluster while it was away`,
    explanation:
      `${node} refuses to boot or join (inconsistent_cluster): the cluster forgot it while it was down${forgotten ? ' (forget_cluster_node is in the logs)' : ''}. ` +
      'Its non-mirrored queue contents cannot be merged back; copy its data directory aside first if the messages matter.',
    nodes: uniq([node, ...(finding.subject.peer ? [finding.subject.peer] : [])]),
    queues: [],
    actions: [
      `On ${node}: rabbitmqctl stop_app; rabbitmqctl reset; rabbitmqctl join_cluster ${peer}; rabbitmqctl start_app`,
      `If ${node} cannot boot at all: stop it, move its data directory aside, start it blank, then join_cluster ${peer}`,
    ],
    evidence: forgotten ? ['inconsistent-cluster', 'node-forgotten'] : ['inconsistent-cluster'],
  };
};

const partitionDiagnosis = (input: CorrelationInput): Diagnosis | null => {
  const pairs: [string, string][] = [
    ...active(input.findings, 'network-partition').flatMap((f) => (f.subject.node && f.subject.peer ? [[f.subject.node, f.subject.peer] as [string, string]] : [])),
    ...(input.cluster?.partitions ?? []).flatMap((p) => p.cannotSee.map((peer) => [p.node, peer] as [string, string])),
  ];
  const partial = active(input.findings, 'partial-partition').length > 0;
  if (pairs.length === 0 && !partial) return null;
  const sides = partitionSides([...pairs.flat(), ...(input.cluster?.runningNodes ?? [])], pairs);
  return {
    kind: 'network-partition',
    rank: RANK.partition,
    severity: 'critical',
    title: sides.length > 1 ? `network partition: ${sides.map((side) => `[${side.join(', ')}]`).join(' | ')}` : 'network partition',
    explanation:
      'The cluster is split; each side runs on its own and their changes diverge. ' +
      'Recovery is manual under the default `ignore` handling: choose the side you trust most (the one with the queue masters and the clients); ' +
      'every change made on the other side since the split will be lost.',
    nodes: uniq(pairs.flat()),
    queues: [],
    sides,
    actions: [
      'Stop and start (stop_app / start_app) every node of the side(s) you do not trust; they resync from the trusted side',
      'Or restart the whole cluster, starting with a node of the trusted side',
      'Afterwards: consider cluster_partition_handling = pause_minority (3+ nodes) or autoheal',
    ],
    evidence: uniq([...(pairs.length > 0 ? ['network-partition'] : []), ...(partial ? ['partial-partition'] : [])]),
  };
};

const nodeDownDiagnosis = (node: string): Diagnosis => ({
  kind: 'node-down',
  rank: RANK.nodeDown,
  severity: 'critical',
  title: `${node} is down`,
  explanation: `${node} is down or unreachable as seen by the cluster. Cluster nodes may crash and rejoin on their own; bring it back before considering eviction.`,
  nodes: [node],
  queues: [],
  actions: [`Check ${node} over SSH and the hypervisor console`, `Start RabbitMQ on ${node} and confirm it is back in running_nodes`],
  evidence: ['node-down'],
});

const findingDiagnosis = (finding: Finding): Diagnosis => ({
  kind: 'finding',
  rank: RANK[finding.severity],
  severity: finding.severity,
  title: finding.summary,
  explanation: findSignature(finding.signature)?.meaning ?? finding.summary,
  nodes: finding.node === null ? [] : [finding.node],
  queues: [],
  actions: [findSignature(finding.signature)?.nextStep ?? ''].filter((action) => action !== ''),
  evidence: [finding.signature],
});

/**
 * The ranked list of causes behind a set of findings: client errors tied to the node that hosts
 * their queues, a returning node explained by its eviction, partitions split into sides, then the
 * remaining findings by severity.
 */
export const correlateFindings = (input: CorrelationInput): Diagnosis[] => {
  const down = downNodes(input);
  const homes = uniq(active(input.findings, 'queue-home-node-down').map((f) => f.subject.node).filter((n): n is string => n !== undefined));
  const diagnoses: Diagnosis[] = homes.map((home) => durableQueuesDiagnosis(home, input, down.has(home)));
  diagnoses.push(...active(input.findings, 'inconsistent-cluster').map((finding) => removedWhileAway(finding, input)));
  const partition = partitionDiagnosis(input);
  if (partition !== null) diagnoses.push(partition);
  diagnoses.push(...[...down].filter((node) => !homes.includes(node)).map(nodeDownDiagnosis));
  const explained = new Set(['queue-home-node-down', 'binding-missing', 'inconsistent-cluster', 'network-partition', 'partial-partition', 'node-down', 'node-forgotten']);
  diagnoses.push(...input.findings.filter((f) => f.state === 'active' && !explained.has(f.signature)).map(findingDiagnosis));
  return diagnoses.map((diagnosis, order) => ({ diagnosis, order })).sort((a, b) => b.diagnosis.rank - a.diagnosis.rank || a.order - b.order).map(({ diagnosis }) => diagnosis);
};
