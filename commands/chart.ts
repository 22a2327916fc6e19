import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import type { Chart } from '../src/charts/chart-data';
import { chartSpec } from '../src/charts/chart-spec';
import { fetchOverviewSamples } from '../src/charts/fetch-overview-samples';
import { queuesChart, ratesChart } from '../src/charts/management-samples';
import { renderSvg, svgToPng } from '../src/charts/render-png';
import { describeFloorDrop } from '../src/charts/floor-drop-note';
import { connectionsAfter, storedChart, type ChartKind } from '../src/charts/stored-charts';
import { vitalsChart } from '../src/charts/vitals-chart';
import type { CommandContext, CommandDefinition } from '../src/commands/types';
import type { ClusterConfig } from '../src/config/schema';
import { UserFacingError } from '../src/errors/user-facing-error';
import { pickClusters } from '../src/inspect/pick-clusters';
import { worstMark, type Block, type Reply } from '../src/reply/model';
import { collectNodeVitals } from '../src/vitals/collect-vitals';

const MAX_SINCE_SECONDS = 24 * 3600;
const unitSeconds = { s: 1, m: 60, h: 3600 } as const;

const chartArgs = z.object({
  positional: z
    .tuple([z.enum(['rates', 'queues', 'vitals'], { error: 'chart needs what to draw: rates, queues or vitals' })], z.string())
    .refine((words) => words.length <= 2, { error: 'chart takes what to draw and at most one cluster name' }),
  flags: z.strictObject(
    {
      since: z
        .string({ error: '--since needs a duration such as 30m' })
        .regex(/^\d+[smh]$/, { error: '--since needs a duration such as 90s, 30m or 2h' })
        .transform((s) => Number(s.slice(0, -1)) * unitSeconds[s.slice(-1) as keyof typeof unitSeconds])
        .pipe(z.number().min(60, { error: '--since is at least 1m' }).max(MAX_SINCE_SECONDS, { error: '--since is at most 24h' }))
        .optional(),
    },
    { error: 'chart knows only --since DURATION' },
  ),
});

type ChartArgs = z.infer<typeof chartArgs>;

interface SourcedChart {
  readonly chart: Chart;
  readonly source: string;
  /** Client connections from a moment on, for telling a drop to the floor from clients that left. */
  readonly connectionsAfter: (atMs: number) => number | null;
}

const titles: Record<ChartKind, string> = { rates: 'Message rates', queues: 'Queued messages', vitals: 'Load per CPU of the hosts' };

/** Samples watch mode stored come first; without them, the management API's own history (or a snapshot of the hosts' CPU). */
async function chartOf(kind: ChartKind, cluster: ClusterConfig, sinceSeconds: number, ctx: CommandContext): Promise<SourcedChart> {
  const { config, readerFor, store, now } = ctx.services;
  const title = `${titles[kind]} of ${cluster.name}, last ${Math.round(sinceSeconds / 60)} min`;
  const stored = await store.listSamples(cluster.name, new Date(now().getTime() - sinceSeconds * 1000));
  const fromStore = storedChart(kind, stored, title);
  if (fromStore !== null) return { chart: fromStore, source: 'the samples watch mode stored', connectionsAfter: (atMs) => connectionsAfter(stored, atMs) };
  if (kind === 'vitals') {
    const nodes = await Promise.all(cluster.nodes.map((node) => collectNodeVitals(readerFor(cluster.name, node.name), node, config)));
    return { chart: vitalsChart(`CPU of the hosts of ${cluster.name}, now`, nodes), source: 'one vitals call per host (watch mode stores them over time)', connectionsAfter: () => null };
  }
  if (config.management === undefined) throw new UserFacingError('management-not-configured', 'Charts of rates and queues come from samples watch mode stores or from the management API; there are no stored samples and the API is not configured.', 'Turn watch mode on, or add a `management:` key to the bot config (see `/rmq help management`).');
  const fetched = await fetchOverviewSamples(cluster, config.management, readerFor, sinceSeconds);
  if (fetched.kind === 'none') throw new UserFacingError('no-samples', `No management API of ${cluster.name} answered, so there are no samples to draw.`, `${fetched.reasons.join('; ')}. \`/rmq management\` shows why.`);
  const chart = kind === 'rates' ? ratesChart(fetched.overview, title) : queuesChart(fetched.overview, title);
  const connections = fetched.overview.object_totals?.connections ?? null;
  return { chart, source: `the management API of ${fetched.node}`, connectionsAfter: () => connections };
}

/** Draws the chart, writes the PNG beside the others and answers with its path. */
async function drawChart({ positional, flags }: ChartArgs, ctx: CommandContext): Promise<Reply> {
  const [kind, clusterName] = positional;
  const cluster = pickClusters(ctx.services.config, clusterName)[0] as ClusterConfig;
  ctx.progress({ summary: `Drawing ${kind} of ${cluster.name}…`, mark: 'pending', blocks: [{ kind: 'text', text: `Drawing ${kind} of ${cluster.name}…`, mark: 'pending' }] });
  const { chart, source, connectionsAfter: stayed } = await chartOf(kind, cluster, flags.since ?? 1800, ctx);
  const empty = chart.kind === 'line' ? chart.series.every((s) => s.points.length === 0) : chart.bars.length === 0;
  if (empty) throw new UserFacingError('no-samples', `There is nothing to draw yet for ${kind} of ${cluster.name}.`, 'The management API keeps samples only while there is traffic; try a longer --since.');
  const png = svgToPng(await renderSvg(chartSpec(chart)));
  const dir = path.join(os.tmpdir(), 'rmq-bot-charts');
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${cluster.name}-${kind}-${ctx.services.now().toISOString().replace(/[:.]/g, '-')}.png`);
  writeFileSync(file, png);
  const blocks: Block[] = [{ kind: 'text', text: `${chart.title}, from ${source}: ${file}` }, { kind: 'image', title: chart.title, filename: path.basename(file), pngBase64: png.toString('base64') }];
  const notes = (chart.kind === 'line' ? chart.drops : []).map((drop) => describeFloorDrop(drop, stayed(drop.atMs)));
  blocks.push(...notes.map((note): Block => ({ kind: 'text', text: note.text, mark: note.mark })));
  return { summary: `${chart.title}: ${file}`, mark: worstMark(['ok', ...notes.map((n) => n.mark)]), blocks };
}

export const chartCommand: CommandDefinition<ChartArgs> = {
  name: 'chart',
  summary: 'A PNG chart of rates, queue depth or host CPU; drops to the floor marked',
  usage: '/rmq chart rates|queues|vitals [cluster] [--since 30m]',
  permission: 'viewer',
  args: chartArgs,
  run: drawChart,
};
