import type { BotConfig, NodeConfig } from '../config/schema';
import { parseListQueues, type ListedQueue } from '../rabbit/parse-list-queues';
import { buildRabbitmqctlArgv, queueColumnSets, type QueueColumnSet, type QueueScope, type VhostName } from '../rabbit/rabbitmqctl-command';
import { err, ok, type Result } from '../result';
import type { NodeTransport } from '../transport/types';
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
const attempts: readonly { readonly columns: QueueColumnSet; readonly scope: QueueScope }[] = [
  { columns: 'full', scope: 'offline' },
  { columns: 'home', scope: 'all' },
];

async function listVhost(transport: NodeTransport, node: NodeConfig, vhost: VhostName, downNodes: ReadonlySet<string>, config: BotConfig): Promise<Result<ListedQueue[], string>> {
  let lastProblem = 'no answer';
  for (const { columns, scope } of attempts) {
    const argv = buildRabbitmqctlArgv(node, { command: 'list_queues', columns, scope, vhost }, { format: 'text' });
    const outcome = await transport.run(argv, { signal: backstopSignal(config.deadlines) });
    const stdout = rabbitmqctlStdout(outcome);
    if (!stdout.ok) {
      lastProblem = stdout.error;
      // Only a CLI that ran and refused the options is worth a second, older-style question.
      if (outcome.kind !== 'command-failed') return err(lastProblem);
      continue;
    }
    const parsed = parseListQueues(stdout.value, { vhost, columns: queueColumnSets[columns] });
    if (!parsed.ok) return err(parsed.error);
    return ok(scope === 'offline' ? parsed.value : parsed.value.filter((queue) => queue.node !== null && downNodes.has(queue.node)));
  }
  return err(lastProblem);
}

/** Asks one survivor, vhost by vhost, which queues are homed on a down node. */
export async function listOfflineQueues(
  transport: NodeTransport,
  survivor: NodeConfig,
  vhosts: readonly VhostName[],
  downNodes: ReadonlySet<string>,
  config: BotConfig,
): Promise<QueueInventory> {
  const results = await Promise.all(vhosts.map(async (vhost) => ({ vhost, result: await listVhost(transport, survivor, vhost, downNodes, config) })));
  const problems = results.flatMap(({ vhost, result }) => (result.ok ? [] : [`vhost ${vhost}: ${result.error}`]));
  if (problems.length === results.length) return { kind: 'skipped', reason: `list_queues on ${survivor.name} failed: ${problems.join('; ')}` };
  return { kind: 'listed', from: survivor.name, queues: results.flatMap(({ result }) => (result.ok ? result.value : [])), problems };
}
