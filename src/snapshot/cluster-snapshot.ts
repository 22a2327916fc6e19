import { reachOf, type NodeReport } from '../inspect/cluster-inspector';
import { deriveFacts } from './derive-facts';
import type { ListedQueue } from '../rabbit/parse-list-queues';
import { factsOfKind, type Fact } from './fact';

/** What one round of probes saw of one cluster: each node's probe results and the facts derived from them. */
export interface ClusterSnapshot {
  readonly cluster: string;
  /** One per configured node that answered or gave up, in config order. */
  readonly reports: readonly NodeReport[];
  readonly facts: readonly Fact[];
}

export function takeSnapshot(cluster: string, reports: readonly NodeReport[]): ClusterSnapshot {
  return { cluster, reports, facts: deriveFacts(reports) };
}

const SSH_REACH = new Set(['unreachable', 'auth-failed', 'host-key-mismatch']);

/** Who says a node is down: peers that answered `cluster_status`, or rabbitmqctl on the node's own host. */
export type DownAccount = { readonly node: string; readonly by: 'peers'; readonly peers: readonly string[] } | { readonly node: string; readonly by: 'own-cli' };

/**
 * The one definition of "down": RabbitMQ on the node said it is not running (the bot reached the
 * host and rabbitmqctl answered nodedown), or peers that answered see it not running. A node the
 * bot cannot reach or that does not answer in time is not down by that alone.
 */
export function downAccounts(facts: readonly Fact[]): DownAccount[] {
  return [
    ...factsOfKind(facts, 'no-answer')
      .filter((f) => f.reach === 'rabbit-down')
      .map((f): DownAccount => ({ node: f.node, by: 'own-cli' })),
    ...factsOfKind(facts, 'down-per-peers').map((f): DownAccount => ({ node: f.node, by: 'peers', peers: f.peers })),
  ];
}

export const downNodes = (facts: readonly Fact[]): string[] => [...new Set(downAccounts(facts).map((account) => account.node))];

/** Nodes the bot could not get onto over SSH (unreachable, login refused, host key mismatch). */
export function sshUnreachableNodes(facts: readonly Fact[]): string[] {
  return factsOfKind(facts, 'no-answer').filter((f) => SSH_REACH.has(f.reach)).map((f) => f.node);
}

/** Nodes whose queues may be unavailable: down, or not answering the bot for any reason. */
export function lostNodes(facts: readonly Fact[]): string[] {
  return [...new Set([...factsOfKind(facts, 'no-answer').map((f) => f.node), ...downNodes(facts)])];
}

/** Nodes known to run RabbitMQ: they answered `status`, or the bot got no answer but their peers see them running. */
export function upNodes(snapshot: ClusterSnapshot): string[] {
  const answered = snapshot.reports.filter((report) => reachOf(report) === 'ok').map((report) => report.node);
  return [...new Set([...answered, ...factsOfKind(snapshot.facts, 'running-per-peers').map((f) => f.node)])];
}

/** Each node's last conclusive state. */
export type NodeVerdicts = Readonly<Record<string, 'up' | 'down'>>;

/**
 * What `snapshot` says of each node, over what earlier polls said: a poll that can say neither (no
 * answer in time, peers that disagree while it boots) keeps the node's last verdict, so a restart
 * seen through such a poll is still one node-up. Down wins, as it does for node-down.
 */
export function nodeVerdicts(snapshot: ClusterSnapshot, carried: NodeVerdicts = {}): NodeVerdicts {
  const verdicts: Record<string, 'up' | 'down'> = { ...carried };
  for (const node of upNodes(snapshot)) verdicts[node] = 'up';
  for (const node of downNodes(snapshot.facts)) verdicts[node] = 'down';
  return verdicts;
}

/**
 * The snapshot with what a survivor listed of the queues homed on lost nodes: one fact per lost
 * node that homes durable queues (a queue of unknown durability counts, since eviction would take it too).
 */
export function withHomedQueues(snapshot: ClusterSnapshot, listed: readonly ListedQueue[]): ClusterSnapshot {
  const facts = lostNodes(snapshot.facts).flatMap((node): Fact[] => {
    const queues = listed.filter((q) => q.node === node && q.durable !== false).map((q) => ({ name: q.name, vhost: q.vhost, messages: q.messages }));
    return queues.length === 0 ? [] : [{ kind: 'queues-homed-on-lost-node', node, queues }];
  });
  return { ...snapshot, facts: [...snapshot.facts, ...facts] };
}
