import { z } from 'zod';
import type { ActionDefinition, CommandContext, CommandDefinition } from '../src/commands/types';
import { pickClusters } from '../src/inspect/pick-clusters';
import { joinReplies } from '../src/reply/join-replies';
import type { Reply } from '../src/reply/model';
import { buildMembershipReply } from '../src/status/membership-reply';

const clusterArgs = z.object({
  positional: z.array(z.string()).max(1, { error: 'cluster takes at most one cluster name' }),
  flags: z.strictObject({}, { error: 'cluster takes no options' }),
});

async function membership(clusterName: string | undefined, ctx: CommandContext): Promise<Reply> {
  const clusters = pickClusters(ctx.services.config, clusterName);
  const replies = await Promise.all(
    clusters.map(async (cluster) => {
      let answered = 0;
      const reports = await ctx.services.inspector.inspect(cluster.name, (r) => {
        answered++;
        ctx.progress({ summary: `${cluster.name}: ${answered} of ${cluster.nodes.length} nodes answered (last: ${r.node})`, mark: 'pending', blocks: [] });
      });
      return buildMembershipReply(cluster, reports);
    }),
  );
  return joinReplies(replies);
}

export const clusterCommand: CommandDefinition<z.infer<typeof clusterArgs>> = {
  name: 'cluster',
  summary: 'Membership matrix: what each node sees (running, disc, ram, partitions)',
  usage: '/rmq cluster [cluster]',
  permission: 'viewer',
  args: clusterArgs,
  run: ({ positional }, ctx) => membership(positional[0], ctx),
};

export const clusterMatrixAction: ActionDefinition = {
  actionId: 'cluster.matrix',
  permission: 'viewer',
  run: (value, ctx) => membership(value === '' ? undefined : value, ctx),
};
