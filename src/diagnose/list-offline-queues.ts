import type { BotConfig, NodeConfig } from '../config/schema';
import { parseListQueues, type ListedQueue } from '../rabbit/parse-list-queues';
import { queueColumnSets, type VhostName } from '../rabbit/rabbitmqctl-command';
import type { RabbitmqctlRunner } from '../rabbit/rabbitmqctl-runner';
import { err, ok, type Result } from '../result';
import { backstopSignal } from '../transport/backstop-signal';
import { rabbitmqctlStdout } from './rabbitmqctl-stdout';

/** What the surviving nodes know about queues whose home node is down. */
export type QueueInventory =
  | {
      readonly kind: 'listed';
      /** The survivor that answered. */
      readonly from: string;
      readonly queues: readonly ListedQueue[];
      /** Vhosts that could not be listed, with why. */
      readonly problems: readonly string[];
    }
  | { readonly kind: 'skipped'; readonly reason: string };

/**
 * `--offline` lists exactly the queues whose home node is down (3.8+); older CLIs reject the option,
 * so they are asked for every queue's home and the caller keeps those on down nodes. Text output,
 * because only its pids name the home node.
 */
async function listVhost(rabbitmqctl: RabbitmqctlRunner, cluster: string, node: NodeConfig, vhost: VhostName, downNodes: ReadonlySet<string>, config: BotConfig): Promise<Result<ListedQueue[], string>> {
  const { outcome, form } = await rabbitmqctl.ask(
    cluster,
    node,
    [
      { query: { command: 'list_queues', columns: 'full', scope: 'offline', vhost }, format: 'text' },
      { query: { command: 'list_queues', columns: 'home', scope: 'all', vhost }, format: 'text' },
    ],
    backstopSignal(config.deadlines),
  );
  const stdout = rabbitmqctlStdout(outcome);
  if (!stdout.ok) return err(stdout.error);
  const { columns, scope } = form.query;
  const parsed = parseListQueues(stdout.value, { vhost, columns: queueColumnSets[columns] });
  if (!parsed.ok) return err(parsed.error);
  return ok(scope === 'offline' ? parsed.value : parsed.value.filter((queue) => queue.node !== null && downNodes.has(queue.node)));
}

/** Asks one survivor, vhost by vhost, which queues are homed on a down node. */
export async function listOfflineQueues(
  rabbitmqctl: RabbitmqctlRunner,
  cluster: string,
  survivor: NodeConfig,
  vhosts: readonly VhostName[],
  downNodes: ReadonlySet<string>,
  config: BotConfig,
): Promise<QueueInventory> {
  const results = await Promise.all(vhosts.map(async (vhost) => ({ vhost, result: await listVhost(rabbitmqctl, cluster, survivor, vhost, downNodes, config) })));
  const problems = results.flatMap(({ vhost, result }) => (result.ok ? [] : [`vhost ${vhost}: ${result.error}`]));
  if (problems.length === results.length) return { kind: 'skipped', reason: `list_queues on ${survivor.name} failed: ${problems.join('; ')}` };
  return { kind: 'listed', from: survivor.name, queues: results.flatMap(({ result }) => (result.ok ? result.value : [])), problems };
}
