import { probeCluster, probeDeadlines } from '../amqp/probe-cluster';
import type { ClusterConfig } from '../config/schema';
import { checkStandbyHealth, checkTopologyParity, cutoverSources, type TopologyParity } from '../cutover/check-cutover';
import { pairOfStandby, type CutoverPair } from '../cutover/cutover-pair';
import { describeDifference, describeHealth, describeStandbyProblem } from '../cutover/cutover-reply';
import { describeSwitchVerification, verifySwitch } from '../cutover/verify-switch';
import { buildMutation, describeMutationProblem } from '../mutations/mutation-command';
import { err, ok, type Result } from '../result';
import { takeSnapshot } from '../snapshot/cluster-snapshot';
import { toRemoteCommand } from '../transport/remote-command';
import { majorityRunning } from './cluster-probes';
import type { Check, Preview, RunbookDefinition, RunbookEnv } from './definition';

/*
 * Both runbooks live on the standby cluster: its `switch` and `rollback` argv run on one of its
 * nodes, and its mutation lease keeps a cutover and a rollback from overlapping. The primary is the
 * one whose config names this standby.
 */

/** A parity list longer than this is cut; /rmq cutover-check shows it whole. */
const MAX_LISTED_DIFFERENCES = 20;

function pairOf(env: RunbookEnv): Result<CutoverPair, Check> {
  const pair = pairOfStandby(env.services.config, env.cluster.name);
  return pair === null ? err({ name: 'paired', passed: false, detail: `no primary names ${env.cluster.name} as its standby any more; add standby: ${env.cluster.name} to the primary's entry in the config` }) : ok(pair);
}

async function standbyHealthy(env: RunbookEnv, pair: CutoverPair): Promise<Check> {
  const health = await checkStandbyHealth(pair.standby, cutoverSources(env.services));
  const problems = health.problems.map(describeStandbyProblem).join('; ');
  return { name: 'standby healthy', passed: health.healthy, detail: health.healthy ? describeHealth(health) : `${describeHealth(health)}: ${problems}` };
}

/** Never a gate: the primary may be the broken side and unable to list anything. Differences are listed as warnings, acknowledged by typing the name. */
export function parityCheck(parity: TopologyParity, pair: CutoverPair): { readonly check: Check; readonly warnings: readonly string[] } {
  const name = 'topology parity';
  if (parity.kind === 'not-compared') return { check: { name, passed: true, detail: `not compared: ${parity.reason}` }, warnings: [`Topology parity could not be checked (${parity.reason}); clients may miss exchanges, queues or bindings on ${pair.standby.name}.`] };
  const count = parity.differences.length;
  if (count === 0) return { check: { name, passed: true, detail: `every exchange, queue and binding of ${pair.primary.name} (vhosts ${parity.vhosts.join(', ')}) exists on ${pair.standby.name}` }, warnings: [] };
  const lines = parity.differences.slice(0, MAX_LISTED_DIFFERENCES).map((d) => describeDifference(d).join(' · '));
  const more = count > MAX_LISTED_DIFFERENCES ? [`… and ${count - MAX_LISTED_DIFFERENCES} more: /rmq cutover-check ${pair.primary.name} lists them all`] : [];
  return {
    check: { name, passed: true, detail: `${count} difference${count === 1 ? '' : 's'} (listed on ${parity.primaryFrom} and ${parity.standbyFrom})` },
    warnings: [`Clients of ${pair.primary.name} would miss these on ${pair.standby.name}:\n${[...lines, ...more].join('\n')}`],
  };
}

function commandConfigured(standby: ClusterConfig, action: 'switch' | 'rollback'): Check {
  const plan = buildMutation(standby, { action });
  if (!plan.ok) return { name: `${action} configured`, passed: false, detail: describeMutationProblem(plan.error) };
  // Shown as the node's shell will receive it: each word quoted, so what runs is exactly what was confirmed.
  const quoted = toRemoteCommand(plan.value.command.argv);
  return { name: `${action} configured`, passed: quoted.ok, detail: quoted.ok ? `${quoted.value} on ${plan.value.node}` : quoted.error.message };
}

/** The cluster name a cluster's own `cluster_status` gives over SSH: what its brokers announce to clients. */
async function clusterNameOf(env: RunbookEnv, cluster: ClusterConfig): Promise<string | null> {
  const reports = await env.services.inspector.inspect(cluster.name);
  const names = reports.flatMap((r) => (r.kind === 'reached' && r.view.kind === 'ok' && r.view.value.clusterName !== null ? [r.view.value.clusterName] : []));
  return names[0] ?? null;
}

/** The client-facing endpoints (the primary's configured amqp endpoints) land on `target`, by the cluster name their brokers announce. */
async function endpointReaches(env: RunbookEnv, pair: CutoverPair, target: ClusterConfig): Promise<Check> {
  const name = `client endpoint reaches ${target.name}`;
  const [expected, clientFacing] = await Promise.all([clusterNameOf(env, target), probeCluster(pair.primary, probeDeadlines(env.services.config.deadlines), cutoverSources(env.services).secrets)]);
  if (clientFacing === null) return { name, passed: false, detail: `${pair.primary.name} has no amqp section: add its client-facing endpoints to the config` };
  if (expected === null) return { name, passed: false, detail: `no node of ${target.name} gave its cluster_name over SSH, so there is nothing to compare with` };
  const verification = verifySwitch(clientFacing, expected);
  return { name, passed: verification.kind === 'reaches', detail: describeSwitchVerification(verification) };
}

/** Target resolution shared by both: the word must name the expected cluster of this standby's pair. */
function targetOf(role: 'standby' | 'primary'): NonNullable<RunbookDefinition['resolveTarget']> {
  return (config, cluster, word) => {
    const pair = pairOfStandby(config, cluster.name);
    if (pair === null) return err(`no primary names ${cluster.name} as its standby; add standby: ${cluster.name} to the primary's entry in the config`);
    const expected = pair[role].name;
    return word === expected ? ok(expected) : err(`"${word}" is not ${expected}, the ${role} of this cutover pair`);
  };
}

async function cutoverPreview(env: RunbookEnv): Promise<Preview> {
  const pair = pairOf(env);
  if (!pair.ok) return { checks: [pair.error], warnings: [], seenSince: null };
  const [health, parity] = await Promise.all([standbyHealthy(env, pair.value), checkTopologyParity(pair.value.primary, pair.value.standby, cutoverSources(env.services))]);
  const { check, warnings } = parityCheck(parity, pair.value);
  return { checks: [commandConfigured(env.cluster, 'switch'), health, check], warnings, seenSince: null };
}

async function rollbackPreview(env: RunbookEnv): Promise<Preview> {
  const pair = pairOf(env);
  if (!pair.ok) return { checks: [pair.error], warnings: [], seenSince: null };
  const primary = pair.value.primary;
  const snapshot = takeSnapshot(primary.name, await env.services.inspector.inspect(primary.name));
  return { checks: [commandConfigured(env.cluster, 'rollback'), { ...majorityRunning(snapshot, primary), name: `${primary.name}: a majority running` }], warnings: [], seenSince: null };
}

/** Runs `body` with the pair, or fails with the one check that says the pairing is gone. */
const withPair =
  (body: (env: RunbookEnv, pair: CutoverPair) => Promise<Check>) =>
  async (env: RunbookEnv): Promise<readonly Check[]> => {
    const pair = pairOf(env);
    return [pair.ok ? await body(env, pair.value) : pair.error];
  };

/**
 * Cutover to the standby: the standby's configured traffic switch, after its health (status over
 * SSH, AMQP canary) and the topology parity have been shown; verified by the client-facing endpoint
 * announcing the standby's cluster name. Destructive: the standby's name is typed.
 */
export const cutoverRunbook: RunbookDefinition = {
  kind: 'cutover',
  level: 'destructive',
  title: 'Cutover to',
  resolveTarget: targetOf('standby'),
  preview: cutoverPreview,
  steps: [
    {
      name: 'switch',
      title: 'switch client traffic to the standby',
      checks: withPair(standbyHealthy),
      mutation: async () => ({ action: 'switch' }),
      verify: withPair((env, pair) => endpointReaches(env, pair, pair.standby)),
      onFailure: 'clients may not reach the standby: /rmq probe shows where the client-facing endpoint lands, and /rmq cutover-rollback switches them back to the primary (verified against it).',
    },
  ],
  followUp: 'Clients reach the standby now. To switch them back: /rmq cutover-rollback.',
};

/** Rollback: the standby's configured rollback argv, verified by the client-facing endpoint announcing the primary's cluster name again. */
export const cutoverRollbackRunbook: RunbookDefinition = {
  kind: 'cutover-rollback',
  level: 'destructive',
  title: 'Roll back to',
  resolveTarget: targetOf('primary'),
  preview: rollbackPreview,
  steps: [
    {
      name: 'rollback',
      title: 'switch client traffic back to the primary',
      checks: async (env) => [commandConfigured(env.cluster, 'rollback')],
      mutation: async () => ({ action: 'rollback' }),
      verify: withPair((env, pair) => endpointReaches(env, pair, pair.primary)),
      onFailure: 'clients may reach neither cluster: read the rollback output above and the load balancer or DNS it drives; /rmq probe shows where the client-facing endpoints land.',
    },
  ],
  followUp: 'Clients reach the primary again.',
};
