import type { ListedQueue } from '../rabbit/parse-list-queues';
import type { Check, RunbookDefinition, RunbookEnv } from './definition';
import { downPerEveryPeer, healthyPeer, healthyPeerCheck, majorityRunning, noPeerLists, queuesHomedOn, snapshotOf, targetUnreachable } from './cluster-probes';

const isQuorum = (q: ListedQueue) => q.type === 'quorum';
const messages = (q: ListedQueue) => (q.messages === null ? 'an unknown number of messages' : `${q.messages} message${q.messages === 1 ? '' : 's'}`);

/** What forget will do to each queue homed on the node, said plainly. */
export function forgetWarnings(node: string, queues: readonly ListedQueue[]): string[] {
  return queues.map((q) =>
    isQuorum(q)
      ? `Quorum queue '${q.name}' (vhost ${q.vhost}) loses its member on ${node}; after a rejoin, rabbitmq-queues grow adds it back.`
      : `DELETED by forget: durable classic queue '${q.name}' (vhost ${q.vhost}) with ${messages(q)}. It is not mirrored; its messages are lost for good.`,
  );
}

async function downChecks(env: RunbookEnv): Promise<Check[]> {
  const snapshot = await snapshotOf(env);
  return [targetUnreachable(snapshot, env.node), downPerEveryPeer(snapshot, env.node), majorityRunning(snapshot, env.cluster), healthyPeerCheck(snapshot, env.cluster, env.node)];
}

function downLongEnough(env: RunbookEnv): Check {
  const minMs = env.services.config.runbooks.evictAfterDownMs;
  const since = env.seenSince;
  const downMs = since === null ? 0 : env.services.now().getTime() - since.getTime();
  return {
    name: 'down long enough',
    passed: since !== null && downMs >= minMs,
    detail: since === null ? 'never seen down by this runbook' : `seen down since ${since.toISOString()} (${Math.round(downMs / 1000)} s; at least ${Math.round(minMs / 1000)} s required)`,
  };
}

/**
 * Evict a node that is gone: forget_cluster_node on a healthy peer. Destructive: classic durable
 * queues homed on the node are deleted with their messages, which the preview says queue by queue.
 */
export const evictRunbook: RunbookDefinition = {
  kind: 'evict',
  level: 'destructive',
  title: 'Evict',
  async preview(env) {
    const snapshot = await snapshotOf(env);
    const checks = [targetUnreachable(snapshot, env.node), downPerEveryPeer(snapshot, env.node), majorityRunning(snapshot, env.cluster), healthyPeerCheck(snapshot, env.cluster, env.node)];
    const inventory = await queuesHomedOn(env, snapshot, env.node);
    const listed: Check =
      inventory.kind === 'listed'
        ? { name: 'queues homed on it', passed: true, detail: inventory.queues.length === 0 ? `none (listed by ${inventory.from})` : `${inventory.queues.length} (listed by ${inventory.from})` }
        : { name: 'queues homed on it', passed: false, detail: `could not be listed: ${inventory.reason}; evicting blind is refused` };
    const seenDown = checks.every((c) => c.passed);
    return { checks: [...checks, listed], warnings: inventory.kind === 'listed' ? forgetWarnings(env.node, inventory.queues) : [], seenSince: seenDown ? env.services.now() : null };
  },
  steps: [
    {
      name: 'forget',
      title: 'forget_cluster_node on a healthy peer',
      checks: async (env) => [...(await downChecks(env)), downLongEnough(env)],
      async mutation(env) {
        const peer = healthyPeer(await snapshotOf(env), env.cluster, env.node);
        return peer ? { action: 'forget_cluster_node', node: peer.name, forget: env.node, offline: false } : `no healthy peer of ${env.cluster.name} to run forget_cluster_node on`;
      },
      verify: async (env) => [noPeerLists(await snapshotOf(env), env.node)],
      onFailure: 'see the output above; /rmq cluster shows which peers still list the node.',
    },
  ],
  followUp: 'If the node comes back it will fail to boot with inconsistent_cluster: then run /rmq rejoin on it.',
};
