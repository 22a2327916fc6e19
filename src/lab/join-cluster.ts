import { LabError } from './lab-errors';
import type { LabLayout, LabNodeLayout } from './lab-layout';
import { rabbitmqctl } from './rabbitmq-cli';
import { describeFailure, succeeded } from './run-command';

const STEP_TIMEOUT_MS = 60_000;

/**
 * stop_app, join_cluster SEED, start_app: the documented way to add a fresh node (with `reset`
 * first for a node that was a member before). join_cluster prints alarming `[error]` lines about
 * tracked connection tables and still exits 0 (LAB.md).
 */
export async function joinCluster(layout: LabLayout, node: LabNodeLayout, seed: LabNodeLayout, options: { readonly reset?: boolean } = {}): Promise<void> {
  for (const args of [['stop_app'], ...(options.reset === true ? [['reset']] : []), ['join_cluster', seed.name], ['start_app']]) {
    const result = await rabbitmqctl(layout, node.name, args, STEP_TIMEOUT_MS);
    if (!succeeded(result)) {
      throw new LabError('cluster-join-failed', `${node.name} could not join ${seed.name}: ${describeFailure(['rabbitmqctl', '-n', node.name, ...args], result)}`);
    }
  }
}
