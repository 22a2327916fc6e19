import { reachOf } from '../inspect/cluster-inspector';
import type { ClusterSnapshot } from '../snapshot/cluster-snapshot';
import type { Check, RunbookDefinition, RunbookEnv, StepDefinition } from './definition';
import { appStopped, everyPeerLists, everyPeerSeesRunning, healthyPeer, healthyPeerCheck, majorityRunning, noPeerLists, snapshotOf, sshReach } from './cluster-probes';

async function seedOf(env: RunbookEnv): Promise<string | null> {
  return healthyPeer(await snapshotOf(env), env.cluster, env.node)?.name ?? null;
}

const reachable = async (env: RunbookEnv) => [sshReach(await snapshotOf(env), env.node)];

const answers = (snapshot: ClusterSnapshot, node: string): boolean => {
  const report = snapshot.reports.find((r) => r.node === node);
  return report !== undefined && reachOf(report) === 'ok';
};

/**
 * A forgotten node cannot boot on 3.10 (`BOOT FAILED … inconsistent_cluster`) and stays down, so a
 * node whose RabbitMQ does not answer gets the wipe and a fresh boot; one that runs skips both.
 */
async function cannotBoot(env: RunbookEnv): Promise<Check> {
  const snapshot = await snapshotOf(env);
  const up = answers(snapshot, env.node);
  return {
    name: 'its RabbitMQ is down',
    passed: !up,
    detail: up ? `${env.node} runs, so it needs no wipe and no fresh boot` : `${env.node} does not answer: a forgotten node cannot boot on its old data`,
  };
}

function stillDown(snapshot: ClusterSnapshot, node: string): Check {
  const up = answers(snapshot, node);
  return { name: 'still down', passed: !up, detail: up ? `${node} answers: something started it, so its data was in use` : `${node} stays down while its data dir goes` };
}

function boots(snapshot: ClusterSnapshot, node: string): Check {
  const up = answers(snapshot, node);
  return { name: 'boots on its own', passed: up, detail: up ? `${node} answers status` : `${node} does not answer status yet` };
}

const wipeDirOf = (env: RunbookEnv): string => env.cluster.nodes.find((n) => n.name === env.node)?.mnesiaDir ?? `(no mnesiaDir configured for ${env.node})`;

/** Checked when the runbook opens, so a node the config cannot wipe or boot is refused before anyone confirms. */
function wipeConfigured(env: RunbookEnv): Check {
  const node = env.cluster.nodes.find((n) => n.name === env.node);
  const missing = [node?.mnesiaDir === undefined ? 'mnesiaDir' : null, node?.serviceStart === undefined ? 'serviceStart' : null].filter((key) => key !== null);
  return {
    name: 'wipe and boot configured',
    passed: missing.length === 0,
    detail: missing.length === 0 ? `wipes ${wipeDirOf(env)}, then boots it with its serviceStart` : `add ${missing.join(' and ')} to ${env.node}'s entry in the bot config`,
  };
}

const steps: readonly StepDefinition[] = [
  {
    name: 'wipe',
    title: "wipe the node's Mnesia dir",
    needed: cannotBoot,
    ownConfirmation: (env) =>
      `removes ${wipeDirOf(env)} on ${env.node}'s host: everything that node stored (messages of queues homed there, its definitions, its cluster membership) is gone for good. Its peers keep theirs.`,
    checks: async (env) => {
      const snapshot = await snapshotOf(env);
      // Never wipe a node the cluster still counts as a member: that is the mess evict exists to avoid.
      return [sshReach(snapshot, env.node), stillDown(snapshot, env.node), noPeerLists(snapshot, env.node), healthyPeerCheck(snapshot, env.cluster, env.node)];
    },
    mutation: async (env) => ({ action: 'wipe_data', node: env.node }),
    verify: async (env) => [stillDown(await snapshotOf(env), env.node)],
    onFailure: "look at the output above; the node's data dir is in its mnesiaDir config entry.",
  },
  {
    name: 'boot',
    title: 'start RabbitMQ on the wiped node',
    needed: cannotBoot,
    checks: reachable,
    mutation: async (env) => ({ action: 'service_start', node: env.node }),
    verify: async (env) => [boots(await snapshotOf(env), env.node)],
    onFailure: 'look at /rmq logs for the node: a fresh node that does not boot has another problem than its membership.',
  },
  {
    name: 'stop_app',
    title: 'stop_app',
    checks: reachable,
    mutation: async (env) => ({ action: 'stop_app', node: env.node }),
    verify: async (env) => [appStopped(await snapshotOf(env), env.node)],
    onFailure: 'look at /rmq logs for the node.',
  },
  {
    name: 'reset',
    title: 'reset',
    checks: async (env) => [appStopped(await snapshotOf(env), env.node)],
    mutation: async (env) => ({ action: 'reset', node: env.node }),
    // A node with its app stopped gives no cluster_status: the exit code says reset ran, the join's verification says it worked.
    verify: async (env) => [appStopped(await snapshotOf(env), env.node)],
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
    verify: async (env) => [everyPeerLists(await snapshotOf(env), env.node)],
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

/**
 * Rejoin a forgotten or reset node: stop_app, reset, join_cluster, start_app, then grow quorum
 * queues. A node that cannot boot at all first has its Mnesia dir wiped (behind its own typed
 * confirmation) and is started fresh. Destructive (reset, wipe).
 */
export const rejoinRunbook: RunbookDefinition = {
  kind: 'rejoin',
  level: 'destructive',
  title: 'Rejoin',
  async preview(env) {
    const snapshot = await snapshotOf(env);
    const down = !answers(snapshot, env.node);
    return {
      checks: [sshReach(snapshot, env.node), healthyPeerCheck(snapshot, env.cluster, env.node), majorityRunning(snapshot, env.cluster), ...(down ? [wipeConfigured(env)] : [])],
      warnings: [
        `reset wipes ${env.node}'s own data (its messages and definitions) before it joins again.`,
        ...(down ? [`${env.node} does not answer: a forgotten node cannot boot, so its Mnesia dir ${wipeDirOf(env)} is wiped first, behind its own typed confirmation, and it is started fresh.`] : []),
      ],
      seenSince: null,
    };
  },
  steps,
  followUp: 'Every peer sees the node running again.',
};
