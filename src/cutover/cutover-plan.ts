import { probeCluster, probeDeadlines } from '../amqp/probe-cluster';
import type { ClusterConfig } from '../config/schema';
import { buildMutation, type MutationPlan, type MutationProblem } from '../mutations/mutation-command';
import { err, ok, type Result } from '../result';
import { checkStandbyHealth, checkTopologyParity, type CutoverSources, type TopologyParity } from './check-cutover';
import type { StandbyHealth } from './standby-health';
import { verifySwitch, type SwitchVerification } from './verify-switch';

/** The read-only checks shown before the switch; `blocking` ones must pass, the others are acknowledged. */
export type CutoverPreCheck = { readonly id: 'standby-health'; readonly blocking: true } | { readonly id: 'topology-parity'; readonly blocking: false };

/**
 * A cutover as data for the runbook engine to run: pre-checks, the one destructive action (the
 * standby's configured traffic switch, confirmed by typing the standby's name), the verification,
 * and the rollback to offer when the verification fails. It holds no engine of its own.
 */
export interface CutoverPlan {
  readonly primary: string;
  readonly standby: string;
  readonly preChecks: readonly CutoverPreCheck[];
  readonly action: { readonly confirmation: 'typed-name'; readonly typedName: string; readonly mutation: MutationPlan };
  readonly verification: 'client-endpoint-reaches-standby';
  /** Absent when the standby has no `rollback` configured: the plan says so rather than improvising one. */
  readonly rollback: MutationPlan | null;
}

/** Builds the plan from the config; the switch and rollback argv are the standby cluster's own (traffic switch *to* it). */
export function planCutover(primary: ClusterConfig, standby: ClusterConfig): Result<CutoverPlan, MutationProblem> {
  const switchPlan = buildMutation(standby, { action: 'switch' });
  if (!switchPlan.ok) return switchPlan;
  const rollback = standby.rollback === undefined ? null : buildMutation(standby, { action: 'rollback' });
  if (rollback !== null && !rollback.ok) return err(rollback.error);
  return ok({
    primary: primary.name,
    standby: standby.name,
    preChecks: [
      { id: 'standby-health', blocking: true },
      { id: 'topology-parity', blocking: false },
    ],
    action: { confirmation: 'typed-name', typedName: standby.name, mutation: switchPlan.value },
    verification: 'client-endpoint-reaches-standby',
    rollback: rollback === null ? null : rollback.value,
  });
}

export type PreCheckResult =
  | { readonly id: 'standby-health'; readonly passed: boolean; readonly health: StandbyHealth }
  | { readonly id: 'topology-parity'; readonly passed: boolean; readonly parity: TopologyParity };

/** Runs one pre-check of the plan. Read-only. */
export async function runCutoverPreCheck(check: CutoverPreCheck, primary: ClusterConfig, standby: ClusterConfig, sources: CutoverSources): Promise<PreCheckResult> {
  switch (check.id) {
    case 'standby-health': {
      const health = await checkStandbyHealth(standby, sources);
      return { id: check.id, passed: health.healthy, health };
    }
    case 'topology-parity': {
      const parity = await checkTopologyParity(primary, standby, sources);
      return { id: check.id, passed: parity.kind === 'compared' && parity.differences.length === 0, parity };
    }
  }
}

/** After the switch: the primary's configured (client-facing) endpoints must now announce the standby's cluster name. */
export async function verifyCutover(primary: ClusterConfig, standby: ClusterConfig, sources: CutoverSources): Promise<SwitchVerification> {
  const deadlines = probeDeadlines(sources.config.deadlines);
  const [clientFacing, standbyProbe] = await Promise.all([probeCluster(primary, deadlines, sources.secrets), probeCluster(standby, deadlines, sources.secrets)]);
  if (clientFacing === null || standbyProbe === null) return { kind: 'standby-name-unknown' };
  return verifySwitch(clientFacing, standbyProbe);
}
