import { findSignature } from '../signatures/catalog';
import type { Finding } from '../signatures/finding';
import { downAccounts } from '../snapshot/cluster-snapshot';
import { factsOfKind, type Fact } from '../snapshot/fact';
import { partitionSides } from '../snapshot/partition-sides';
import type { AffectedQueue, Diagnosis, QueueFacts } from './diagnosis';

export interface CorrelationInput {
  /** Findings from every source: node logs, status, cluster_status. */
  readonly findings: readonly Finding[];
  /** The facts of the cluster snapshot taken with them; none when logs are read offline. */
  readonly facts?: readonly Fact[];
  readonly queues?: readonly QueueFacts[];
}

const RANK = { durableQueues: 100, removedWhileAway: 90, partition: 80, nodeDown: 70, notAnswering: 60, critical: 50, warning: 30, info: 10 } as const;

const active = (findings: readonly Finding[], id: string): Finding[] =>
  findings.filter((finding) => finding.signature === id && finding.state === 'active');

const uniq = <T>(items: readonly T[]): T[] => [...new Set(items)];

/**
 * Nodes down by an account that can know, each with who says so: the snapshot (peers that answered,
 * or rabbitmqctl on the node's own host) and peers' logs. The bot failing to reach a node is not one.
 */
const downNodes = (input: CorrelationInput): Map<string, string[]> => {
  const facts = input.facts ?? [];
  const down = new Map<string, string[]>();
  const add = (node: string | undefined, source: string) => {
    if (node !== undefined) down.set(node, uniq([...(down.get(node) ?? []), source]));
  };
  for (const account of downAccounts(facts)) add(account.node, account.by === 'peers' ? `as seen by ${account.peers.join(', ')}` : 'as rabbitmqctl on its own host says');
  // The snapshot's views also become node-down findings: they only add a source for nodes it does not cover.
  const known = new Set(down.keys());
  const fromFindings = (id: string, source: string) => active(input.findings, id).filter((f) => f.subject.node === undefined || !known.has(f.subject.node)).forEach((f) => add(f.subject.node, source));
  fromFindings('node-down', "according to its peers' logs");
  fromFindings('node-unreachable', "according to its peers' logs");
  fromFindings('cli-nodedown', 'according to rabbitmqctl');
  return down;
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
    ...factsOfKind(input.facts ?? [], 'partitioned').flatMap((p) => p.cannotSee.map((peer) => [p.node, peer] as [string, string])),
  ];
  const partial = active(input.findings, 'partial-partition').length > 0;
  if (pairs.length === 0 && !partial) return null;
  const sides = partitionSides([...pairs.flat(), ...factsOfKind(input.facts ?? [], 'partition').flatMap((f) => f.sides.flat())], pairs);
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

const nodeDownDiagnosis = (node: string, sources: readonly string[], sshUnreachable: boolean): Diagnosis => ({
  kind: 'node-down',
  rank: RANK.nodeDown,
  severity: 'critical',
  title: `${node} is down`,
  explanation:
    `${node} is down ${sources.join('; ')}.${sshUnreachable ? ' The bot cannot reach its host over SSH either.' : ''} ` +
    'Cluster nodes may crash and rejoin on their own; bring it back before considering eviction.',
  nodes: [node],
  queues: [],
  actions: [`Check ${node} over SSH and the hypervisor console`, `Start RabbitMQ on ${node} and confirm it is back in running_nodes`],
  evidence: ['node-down'],
});

const SSH_REACH: readonly string[] = ['unreachable', 'auth-failed', 'host-key-mismatch'];

/**
 * The bot got no answer from a node that nobody calls down. Its peers, when they answered, are the
 * ones who know whether RabbitMQ runs there; the bot must not guess.
 */
const notAnsweringDiagnosis = (fact: Extract<Fact, { kind: 'no-answer' }>, facts: readonly Fact[]): Diagnosis => {
  const overSsh = SSH_REACH.includes(fact.reach);
  const running = factsOfKind(facts, 'running-per-peers').find((f) => f.node === fact.node);
  const what = overSsh ? `${fact.node} is unreachable from the bot over SSH` : fact.reach === 'timeout' ? `${fact.node} did not answer the bot in time` : `rabbitmqctl failed on ${fact.node}`;
  const peers = running
    ? `Its peers ${running.peers.join(', ')} still see RabbitMQ on ${fact.node} running, so the cluster has not lost it. ` +
      'Peers notice a dead node within net_ticktime (60 s by default): ask again in a minute if it has just gone away.'
    : `No peer that answered says anything about ${fact.node}, so whether RabbitMQ runs there is unknown. Do not treat it as down, and do not evict it, on this alone.`;
  return {
    kind: 'node-not-answering',
    rank: RANK.notAnswering,
    severity: running ? 'warning' : 'critical',
    title: what,
    explanation: `${what}. ${peers}`,
    nodes: [fact.node],
    queues: [],
    actions: overSsh
      ? [`Check the bot's way to ${fact.node}: network, sshd, its key and host key`, 'Ask its peers who they see: /rmq cluster']
      : [`Check ${fact.node}'s host: CPU, memory, disk, the hypervisor console (a hung Erlang VM answers nothing)`, 'Ask its peers who they see: /rmq cluster'],
    evidence: [],
  };
};

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
  const facts = input.facts ?? [];
  const sshUnreachable = factsOfKind(facts, 'no-answer').filter((f) => SSH_REACH.includes(f.reach)).map((f) => f.node);
  diagnoses.push(...[...down].filter(([node]) => !homes.includes(node)).map(([node, sources]) => nodeDownDiagnosis(node, sources, sshUnreachable.includes(node))));
  diagnoses.push(...factsOfKind(facts, 'no-answer').filter((f) => !down.has(f.node) && !homes.includes(f.node)).map((f) => notAnsweringDiagnosis(f, facts)));
  const explained = new Set(['queue-home-node-down', 'binding-missing', 'inconsistent-cluster', 'network-partition', 'partial-partition', 'node-down', 'node-forgotten']);
  diagnoses.push(...input.findings.filter((f) => f.state === 'active' && !explained.has(f.signature)).map(findingDiagnosis));
  return diagnoses.map((diagnosis, order) => ({ diagnosis, order })).sort((a, b) => b.diagnosis.rank - a.diagnosis.rank || a.order - b.order).map(({ diagnosis }) => diagnosis);
};
