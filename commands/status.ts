import { z } from 'zod';
import type { ActionDefinition, CommandContext, CommandDefinition } from '../src/commands/types';
import type { NodeReport } from '../src/inspect/cluster-inspector';
import { pickClusters } from '../src/inspect/pick-clusters';
import type { Reply } from '../src/reply/model';
import { inspectStatus, type StatusSource } from '../src/status/inspect-status';
import { buildStatusReply, type ClusterProgress } from '../src/status/status-reply';
import type { NodeVitals } from '../src/vitals/collect-vitals';

const statusArgs = z.object({
  positional: z.array(z.string()).max(1, { error: 'status takes at most one cluster name' }),
  flags: z.strictObject({}, { error: 'status takes no options' }),
});

/** Fans out to every node of the chosen clusters; each node is bounded by its own deadlines. */
async function inspectClusters(clusterName: string | undefined, ctx: CommandContext): Promise<Reply> {
  const clusters = pickClusters(ctx.services.config, clusterName);
  const started = Date.now();
  const received = clusters.map((cluster) => ({ cluster, reports: [] as NodeReport[], sources: new Map<string, StatusSource>(), vitals: new Map<string, NodeVitals>() }));
  const snapshot = (): ClusterProgress[] => received;
  const update = () => ctx.progress(buildStatusReply(snapshot(), Date.now() - started, false));
  ctx.progress(buildStatusReply(snapshot(), 0, false));
  await Promise.all(
    received.map(({ cluster, reports, sources, vitals }) =>
      inspectStatus(ctx.services, cluster, {
        report: (report, source) => {
          reports.push(report);
          sources.set(report.node, source);
          update();
        },
        vitals: (nodeVitals) => {
          vitals.set(nodeVitals.node, nodeVitals);
          update();
        },
      }),
    ),
  );
  return buildStatusReply(snapshot(), Date.now() - started, true);
}

export const statusCommand: CommandDefinition<z.infer<typeof statusArgs>> = {
  name: 'status',
  summary: 'Who is up, who is unreachable and why, who sees whom, alarms, partitions',
  usage: '/rmq status [cluster]',
  permission: 'viewer',
  args: statusArgs,
  run: ({ positional }, ctx) => inspectClusters(positional[0], ctx),
};

export const statusRefreshAction: ActionDefinition = {
  actionId: 'status.refresh',
  permission: 'viewer',
  run: (value, ctx) => inspectClusters(value === '' ? undefined : value, ctx),
};
