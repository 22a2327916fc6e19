import type { ClusterConfig, NodeConfig } from '../config/schema';
import { listOfflineQueues, type QueueInventory } from '../diagnose/list-offline-queues';
import { reachOf, type NodeReport } from '../inspect/cluster-inspector';
import { parseVhostName, type VhostName } from '../rabbit/rabbitmqctl-command';
import { createRabbitmqctlRunner } from '../rabbit/rabbitmqctl-runner';
import { factsOfKind } from '../snapshot/fact';
import { takeSnapshot, upNodes, type ClusterSnapshot } from '../snapshot/cluster-snapshot';
import type { Check, RunbookEnv } from './definition';

/**
 * Read-only probes the runbooks share, each a `Check` built from the structured snapshot's facts
 * and reports: the runbooks never re-derive what "down" or "up" means.
 */

export async function snapshotOf(env: RunbookEnv): Promise<ClusterSnapshot> {
  return takeSnapshot(env.cluster.name, await env.services.inspector.inspect(env.cluster.name));
}

const reportOf = (snapshot: ClusterSnapshot, node: string): NodeReport | undefined => snapshot.reports.find((r) => r.node === node);

const viewOf = (report: NodeReport) => (report.kind === 'reached' && report.view.kind === 'ok' ? report.view.value : null);

/** The peers (other nodes) whose `cluster_status` answered. */
function peerViews(snapshot: ClusterSnapshot, node: string) {
  return snapshot.reports.flatMap((report) => {
    const view = report.node === node ? null : viewOf(report);
    return view === null ? [] : [{ peer: report.node, view }];
  });
}

export function sshReach(snapshot: ClusterSnapshot, node: string): Check {
  const report = reportOf(snapshot, node);
  const passed = report !== undefined && report.kind === 'reached';
  return { name: 'SSH reach', passed, detail: passed ? `the bot reaches ${node}'s host` : `the bot cannot get onto ${node}'s host (${report ? reachOf(report) : 'no answer'})` };
}

/** What runs on the node, as the bot saw it: for people, never a gate. */
export function whatRuns(snapshot: ClusterSnapshot, node: string): Check {
  const report = reportOf(snapshot, node);
  const reach = report ? reachOf(report) : 'unreachable';
  const words = { ok: 'RabbitMQ is running', 'rabbit-down': 'RabbitMQ is not running (the CLI says nodedown or app stopped)', timeout: 'RabbitMQ did not answer in time (hung?)' } as Record<string, string>;
  return { name: 'what runs', passed: true, detail: words[reach] ?? `no answer (${reach})` };
}

export function targetUnreachable(snapshot: ClusterSnapshot, node: string): Check {
  const report = reportOf(snapshot, node);
  const reach = report ? reachOf(report) : 'unreachable';
  return { name: 'target unreachable', passed: reach !== 'ok', detail: reach === 'ok' ? `${node} answers: it is up, do not evict it` : `${node} does not answer (${reach})` };
}

export function downPerEveryPeer(snapshot: ClusterSnapshot, node: string): Check {
  const fact = factsOfKind(snapshot.facts, 'down-per-peers').find((f) => f.node === node);
  return fact && fact.peers.length > 0
    ? { name: 'down per every reachable peer', passed: true, detail: `${fact.peers.join(', ')} see it not running` }
    : { name: 'down per every reachable peer', passed: false, detail: `not every reachable peer sees ${node} down (or none answered)` };
}

export function majorityRunning(snapshot: ClusterSnapshot, cluster: ClusterConfig): Check {
  const up = upNodes(snapshot);
  const passed = up.length * 2 > cluster.nodes.length;
  return { name: 'a majority running', passed, detail: `${up.length} of ${cluster.nodes.length} running${up.length > 0 ? ` (${up.join(', ')})` : ''}` };
}

/** A member other than `node` that answered: it runs forget, or is the seed a rejoin joins. */
export function healthyPeer(snapshot: ClusterSnapshot, cluster: ClusterConfig, node: string): NodeConfig | undefined {
  return cluster.nodes.find((n) => n.name !== node && snapshot.reports.some((r) => r.node === n.name && reachOf(r) === 'ok' && viewOf(r) !== null));
}

export function healthyPeerCheck(snapshot: ClusterSnapshot, cluster: ClusterConfig, node: string): Check {
  const peer = healthyPeer(snapshot, cluster, node);
  return { name: 'a healthy peer', passed: peer !== undefined, detail: peer ? `${peer.name} answers status and cluster_status` : `no other node of ${cluster.name} answers` };
}

export function noPeerLists(snapshot: ClusterSnapshot, node: string): Check {
  const views = peerViews(snapshot, node);
  const listing = views.filter(({ view }) => [...view.discNodes, ...view.ramNodes].includes(node)).map(({ peer }) => peer);
  return {
    name: 'no peer lists it',
    passed: views.length > 0 && listing.length === 0,
    detail: views.length === 0 ? 'no peer answered cluster_status' : listing.length === 0 ? `${views.map((v) => v.peer).join(', ')} no longer list ${node}` : `still listed by ${listing.join(', ')}`,
  };
}

export function everyPeerSeesRunning(snapshot: ClusterSnapshot, node: string): Check {
  const views = peerViews(snapshot, node);
  const notSeeing = views.filter(({ view }) => !view.runningNodes.includes(node)).map(({ peer }) => peer);
  const own = reportOf(snapshot, node);
  const answers = own !== undefined && reachOf(own) === 'ok';
  const passed = answers && views.length > 0 && notSeeing.length === 0;
  const detail = !answers
    ? `${node} does not answer status yet`
    : views.length === 0
      ? 'no peer answered cluster_status'
      : notSeeing.length > 0
        ? `${notSeeing.join(', ')} do not see it running`
        : `${views.map((v) => v.peer).join(', ')} see it running`;
  return { name: 'every peer sees it running', passed, detail };
}

/** After a join: every peer that answers lists the node as a member again (its own view needs its app running). */
export function everyPeerLists(snapshot: ClusterSnapshot, node: string): Check {
  const views = peerViews(snapshot, node);
  const missing = views.filter(({ view }) => ![...view.discNodes, ...view.ramNodes].includes(node)).map(({ peer }) => peer);
  return {
    name: 'every peer lists it',
    passed: views.length > 0 && missing.length === 0,
    detail: views.length === 0 ? 'no peer answered cluster_status' : missing.length === 0 ? `${views.map((v) => v.peer).join(', ')} list ${node} as a member` : `not listed by ${missing.join(', ')}`,
  };
}

export function appStopped(snapshot: ClusterSnapshot, node: string): Check {
  const report = reportOf(snapshot, node);
  const reach = report ? reachOf(report) : 'unreachable';
  // The VM must answer with the app stopped: reset and join_cluster talk to it.
  return { name: 'app stopped', passed: reach === 'app-stopped', detail: reach === 'app-stopped' ? `RabbitMQ's app is stopped on ${node}, its Erlang VM answers` : `${node}: ${reach}` };
}

const ROOT_VHOST = parseVhostName('/');

/** The durable queues homed on `node`, as a healthy peer lists them (`--offline`, or homes on old CLIs). */
export async function queuesHomedOn(env: RunbookEnv, snapshot: ClusterSnapshot, node: string): Promise<QueueInventory> {
  const peer = healthyPeer(snapshot, env.cluster, node);
  if (peer === undefined) return { kind: 'skipped', reason: 'no healthy peer to list the queues' };
  const vhosts: VhostName[] = ROOT_VHOST.ok ? [ROOT_VHOST.value] : [];
  const inventory = await listOfflineQueues(createRabbitmqctlRunner(env.services.readerFor), env.cluster.name, peer, vhosts, new Set([node]), env.services.config);
  return inventory.kind === 'listed' ? { ...inventory, queues: inventory.queues.filter((q) => q.node === null || q.node === node) } : inventory;
}
