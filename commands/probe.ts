import { z } from 'zod';
import { probeCluster, probeDeadlines } from '../src/amqp/probe-cluster';
import { buildProbeReply } from '../src/amqp/probe-reply';
import type { CommandContext, CommandDefinition } from '../src/commands/types';
import { pickClusters } from '../src/inspect/pick-clusters';
import { joinReplies } from '../src/reply/join-replies';
import type { Reply } from '../src/reply/model';
import { processSecretSources } from '../src/secrets/load-secret';

const probeArgs = z.object({
  positional: z.array(z.string()).max(1, { error: 'probe takes at most one cluster name' }),
  flags: z.strictObject({}, { error: 'probe takes no options' }),
});

async function probe(clusterName: string | undefined, ctx: CommandContext): Promise<Reply> {
  const { config } = ctx.services;
  const clusters = pickClusters(config, clusterName);
  ctx.progress({ summary: `Probing ${clusters.map((c) => c.name).join(', ')} over AMQP…`, mark: 'pending', blocks: [] });
  const probes = await Promise.all(clusters.map(async (cluster) => buildProbeReply(cluster.name, await probeCluster(cluster, probeDeadlines(config.deadlines), processSecretSources))));
  return joinReplies(probes);
}

export const probeCommand: CommandDefinition<z.infer<typeof probeArgs>> = {
  name: 'probe',
  summary: 'Connect as a client: canary round trip, critical queues, alarms',
  usage: '/rmq probe [cluster]',
  permission: 'viewer',
  args: probeArgs,
  run: ({ positional }, ctx) => probe(positional[0], ctx),
};
