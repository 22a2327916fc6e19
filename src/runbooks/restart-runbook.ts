import type { Mutation } from '../mutations/mutation-command';
import { reachOf } from '../inspect/cluster-inspector';
import type { RunbookDefinition } from './definition';
import { everyPeerSeesRunning, queuesHomedOn, snapshotOf, sshReach, whatRuns } from './cluster-probes';

/**
 * Restart a node: often the right remedy (a plain restart of a crashed node brings its queues back
 * intact). The configured service argv when there is one, else `start_app`.
 */
export const restartRunbook: RunbookDefinition = {
  kind: 'restart',
  level: 'mutating',
  title: 'Restart',
  async preview(env) {
    const snapshot = await snapshotOf(env);
    return { checks: [sshReach(snapshot, env.node), whatRuns(snapshot, env.node)], warnings: [], seenSince: null };
  },
  steps: [
    {
      name: 'restart',
      title: 'start or restart RabbitMQ',
      checks: async (env) => [sshReach(await snapshotOf(env), env.node)],
      async mutation(env) {
        const node = env.cluster.nodes.find((n) => n.name === env.node);
        const snapshot = await snapshotOf(env);
        const own = snapshot.reports.find((r) => r.node === env.node);
        const running = own !== undefined && reachOf(own) === 'ok';
        const order: Mutation['action'][] = running ? ['service_restart', 'service_start'] : ['service_start', 'service_restart'];
        const configured = order.find((action) => (action === 'service_start' ? node?.serviceStart : node?.serviceRestart) !== undefined);
        return configured === 'service_start' || configured === 'service_restart' ? { action: configured, node: env.node } : { action: 'start_app', node: env.node };
      },
      async verify(env) {
        const snapshot = await snapshotOf(env);
        const seen = everyPeerSeesRunning(snapshot, env.node);
        if (!seen.passed) return [seen];
        const inventory = await queuesHomedOn(env, snapshot, env.node);
        const online =
          inventory.kind === 'listed'
            ? { name: 'its queues online', passed: inventory.queues.length === 0, detail: inventory.queues.length === 0 ? `no queue homed on ${env.node} is offline` : `still offline: ${inventory.queues.map((q) => q.name).join(', ')}` }
            : { name: 'its queues online', passed: false, detail: inventory.reason };
        return [seen, online];
      },
      onFailure: 'look at /rmq logs for the node; if it fails with inconsistent_cluster it was forgotten: /rmq rejoin it.',
    },
  ],
  followUp: 'The node is back and its queues are online.',
};
