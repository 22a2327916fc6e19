import { z } from 'zod';
import type { CommandContext, CommandDefinition } from '../src/commands/types';
import { pickClusters } from '../src/inspect/pick-clusters';
import type { Reply } from '../src/reply/model';
import { collectNodeVitals } from '../src/vitals/collect-vitals';
import { buildVitalsReply, type ClusterVitals } from '../src/vitals/vitals-reply';

const vitalsArgs = z.object({
  positional: z.array(z.string()).max(1, { error: 'vitals takes at most one cluster name' }),
  flags: z.strictObject({}, { error: 'vitals takes no options' }),
});

/** Every host's vitals (one SSH call each) beside what rabbitmqctl says of its broker, asked at the same time. */
async function showVitals(clusterName: string | undefined, ctx: CommandContext): Promise<Reply> {
  const { config, inspector, readerFor } = ctx.services;
  const clusters = pickClusters(config, clusterName);
  const hosts = clusters.reduce((n, c) => n + c.nodes.length, 0);
  ctx.progress({ summary: `Reading the vitals of ${hosts} hosts…`, mark: 'pending', blocks: [{ kind: 'text', text: `Reading the vitals of ${hosts} hosts over SSH (about a second each, in parallel)…`, mark: 'pending' }] });
  const results: ClusterVitals[] = await Promise.all(
    clusters.map(async (cluster) => {
      const [vitals, reports] = await Promise.all([
        Promise.all(cluster.nodes.map((node) => collectNodeVitals(readerFor(cluster.name, node.name), node, config))),
        inspector.inspect(cluster.name),
      ]);
      return { cluster, vitals, reports };
    }),
  );
  return buildVitalsReply(results);
}

export const vitalsCommand: CommandDefinition<z.infer<typeof vitalsArgs>> = {
  name: 'vitals',
  summary: 'Each host beside its broker: steal, load, memory, disk, TCP, clock',
  usage: '/rmq vitals [cluster]',
  permission: 'viewer',
  args: vitalsArgs,
  run: ({ positional }, ctx) => showVitals(positional[0], ctx),
};
