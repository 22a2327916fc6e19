import { z } from 'zod';
import { probeCluster, probeDeadlines } from '../src/amqp/probe-cluster';
import type { CommandContext, CommandDefinition } from '../src/commands/types';
import { withAmqpProbe } from '../src/diagnose/amqp-probe-section';
import { collectEvidence, type EvidenceSources } from '../src/diagnose/collect-evidence';
import { buildDiagnoseProgress, buildDiagnoseReply } from '../src/diagnose/diagnose-reply';
import type { NodeLogRead } from '../src/node-logs/read-node-log';
import type { NodeReport } from '../src/inspect/cluster-inspector';
import { pickClusters } from '../src/inspect/pick-clusters';
import { joinReplies } from '../src/reply/join-replies';
import type { Reply } from '../src/reply/model';
import { processSecretSources } from '../src/secrets/load-secret';

const diagnoseArgs = z.object({
  positional: z.array(z.string()).max(1, { error: 'diagnose takes at most one cluster name' }),
  flags: z.strictObject({}, { error: 'diagnose takes no options' }),
});

async function diagnose(clusterName: string | undefined, ctx: CommandContext): Promise<Reply> {
  const { services } = ctx;
  const clusters = pickClusters(services.config, clusterName);
  const sources: EvidenceSources = { config: services.config, inspector: services.inspector, readerFor: services.readerFor };
  const seen = new Map(clusters.map((c) => [c.name, { reports: [] as NodeReport[], logs: [] as NodeLogRead[] }]));
  const progress = () => ctx.progress(joinReplies(clusters.map((c) => buildDiagnoseProgress(c, seen.get(c.name)?.reports ?? [], seen.get(c.name)?.logs ?? []))));
  progress();
  // Clients' view, probed while the nodes are read: it needs nothing from the SSH side.
  const probes = Promise.all(clusters.map((cluster) => probeCluster(cluster, probeDeadlines(services.config.deadlines), processSecretSources)));
  const evidence = await Promise.all(
    clusters.map((cluster) =>
      collectEvidence(cluster, sources, (event) => {
        const soFar = seen.get(cluster.name);
        if (event.kind === 'report') soFar?.reports.push(event.report);
        else soFar?.logs.push(event.log);
        progress();
      }),
    ),
  );
  const probed = await probes;
  return joinReplies(evidence.map((e, i) => withAmqpProbe(buildDiagnoseReply(e), e.snapshot.facts, probed[i] ?? null)));
}

export const diagnoseCommand: CommandDefinition<z.infer<typeof diagnoseArgs>> = {
  name: 'diagnose',
  summary: 'Ranked causes and next steps from every node\'s status and logs',
  usage: '/rmq diagnose [cluster]',
  permission: 'viewer',
  args: diagnoseArgs,
  run: ({ positional }, ctx) => diagnose(positional[0], ctx),
};
