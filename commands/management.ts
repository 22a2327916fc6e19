import { z } from 'zod';
import type { CommandContext, CommandDefinition } from '../src/commands/types';
import { UserFacingError } from '../src/errors/user-facing-error';
import { pickClusters } from '../src/inspect/pick-clusters';
import { buildManagementReply, type ClusterManagement } from '../src/management/management-reply';
import { probeManagement } from '../src/management/probe-management';
import type { Reply } from '../src/reply/model';

const managementArgs = z.object({
  positional: z.array(z.string()).max(1, { error: 'management takes at most one cluster name' }),
  flags: z.strictObject({}, { error: 'management takes no options' }),
});

/** Every node's management API through its SSH connection, beside what rabbitmqctl says of the broker. */
async function showManagement(clusterName: string | undefined, ctx: CommandContext): Promise<Reply> {
  const { config, inspector, readerFor } = ctx.services;
  const management = config.management;
  if (management === undefined) {
    throw new UserFacingError('management-not-configured', 'The management API is not configured.', 'Add `management: { user: monitoring, password: { env: RMQ_BOT_MGMT_PASSWORD } }` to the bot config (and `port` if it is not 15672).');
  }
  const clusters = pickClusters(config, clusterName);
  ctx.progress({ summary: 'Asking the management API of every node…', mark: 'pending', blocks: [{ kind: 'text', text: `Asking the management API of every node over SSH (deadline ${management.deadlineMs} ms each)…`, mark: 'pending' }] });
  const results: ClusterManagement[] = await Promise.all(
    clusters.map(async (cluster) => {
      const [probes, reports] = await Promise.all([
        Promise.all(cluster.nodes.map((node) => probeManagement(readerFor(cluster.name, node.name), node, management))),
        inspector.inspect(cluster.name),
      ]);
      return { cluster, probes, reports };
    }),
  );
  return buildManagementReply(results);
}

export const managementCommand: CommandDefinition<z.infer<typeof managementArgs>> = {
  name: 'management',
  summary: 'Does each node\'s management API answer? Rates, memory, health checks',
  usage: '/rmq management [cluster]',
  permission: 'viewer',
  args: managementArgs,
  run: ({ positional }, ctx) => showManagement(positional[0], ctx),
};
