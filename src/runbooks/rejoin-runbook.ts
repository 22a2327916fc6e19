import type { RunbookDefinition, RunbookEnv, StepDefinition } from './definition';
import { appStopped, everyPeerSeesRunning, healthyPeer, healthyPeerCheck, majorityRunning, ownViewAlone, ownViewLists, snapshotOf, sshReach } from './cluster-probes';

async function seedOf(env: RunbookEnv): Promise<string | null> {
  return healthyPeer(await snapshotOf(env), env.cluster, env.node)?.name ?? null;
}

const reachable = async (env: RunbookEnv) => [sshReach(await snapshotOf(env), env.node)];

const steps: readonly StepDefinition[] = [
  {
    name: 'stop_app',
    title: 'stop_app',
    checks: reachable,
    mutation: async (env) => ({ action: 'stop_app', node: env.node }),
    verify: async (env) => [appStopped(await snapshotOf(env), env.node)],
    onFailure: 'if the node cannot boot at all (BOOT FAILED … inconsistent_cluster), its data dir must be wiped before a rejoin; this bot does not do that yet.',
  },
  {
    name: 'reset',
    title: 'reset',
    checks: async (env) => [appStopped(await snapshotOf(env), env.node)],
    mutation: async (env) => ({ action: 'reset', node: env.node }),
    verify: async (env) => [ownViewAlone(await snapshotOf(env), env.node)],
    onFailure: 'see the output above; reset needs the app stopped.',
  },
  {
    name: 'join_cluster',
    title: 'join_cluster a healthy peer',
    checks: async (env) => {
      const snapshot = await snapshotOf(env);
      return [healthyPeerCheck(snapshot, env.cluster, env.node), majorityRunning(snapshot, env.cluster)];
    },
    async mutation(env) {
      const seed = await seedOf(env);
      return seed ? { action: 'join_cluster', node: env.node, seed } : `no healthy peer of ${env.cluster.name} to join`;
    },
    async verify(env) {
      const snapshot = await snapshotOf(env);
      const seed = healthyPeer(snapshot, env.cluster, env.node);
      return seed ? [ownViewLists(snapshot, env.node, seed.name)] : [healthyPeerCheck(snapshot, env.cluster, env.node)];
    },
    onFailure: 'see the output above; if the peers still list the node, /rmq evict it first.',
  },
  {
    name: 'start_app',
    title: 'start_app',
    checks: reachable,
    mutation: async (env) => ({ action: 'start_app', node: env.node }),
    verify: async (env) => [everyPeerSeesRunning(await snapshotOf(env), env.node)],
    onFailure: 'look at /rmq logs for the node.',
  },
  {
    name: 'grow',
    title: 'rabbitmq-queues grow for quorum queues',
    checks: reachable,
    mutation: async (env) => ({ action: 'grow_quorum_queues', node: env.node, member: env.node }),
    verify: async (env) => [everyPeerSeesRunning(await snapshotOf(env), env.node)],
    onFailure: 'the node is a member again; quorum queues may lack it: run rabbitmq-queues grow by hand.',
  },
];

/** Rejoin a forgotten or reset node: stop_app, reset, join_cluster, start_app, then grow quorum queues. Destructive (reset). */
export const rejoinRunbook: RunbookDefinition = {
  kind: 'rejoin',
  level: 'destructive',
  title: 'Rejoin',
  async preview(env) {
    const snapshot = await snapshotOf(env);
    return {
      checks: [sshReach(snapshot, env.node), healthyPeerCheck(snapshot, env.cluster, env.node), majorityRunning(snapshot, env.cluster)],
      warnings: [`reset wipes ${env.node}'s own data (its messages and definitions) before it joins again.`],
      seenSince: null,
    };
  },
  steps,
  followUp: 'Every peer sees the node running again.',
};
