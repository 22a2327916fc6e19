import type { SampleStore } from '../store/sample-store';
import { chartSpec } from './chart-spec';
import { describeFloorDrop } from './floor-drop-note';
import { renderSvg, svgToPng } from './render-png';
import { connectionsAfter, storedChart, type ChartKind } from './stored-charts';

/** A chart of an incident's window, drawn from stored samples, for the postmortem to embed. */
export interface IncidentChart {
  readonly title: string;
  readonly filename: string;
  readonly png: Buffer;
  /** What the chart shows in words: its drops to the floor. */
  readonly notes: readonly string[];
}

const KINDS: readonly ChartKind[] = ['rates', 'queues', 'vitals'];
const titles: Record<ChartKind, string> = { rates: 'Message rates', queues: 'Queued messages', vitals: 'Load per CPU of the hosts' };

/**
 * Every chart whose samples watch mode stored between `from` and `to`, per cluster; none when
 * nothing was stored (no watch mode, or a window older than the retention).
 */
export async function drawIncidentCharts(store: SampleStore, incidentId: string, clusters: readonly string[], from: Date, to: Date): Promise<IncidentChart[]> {
  const charts: IncidentChart[] = [];
  for (const cluster of clusters) {
    const samples = (await store.listSamples(cluster, from)).filter((s) => s.at.getTime() <= to.getTime());
    for (const kind of KINDS) {
      const chart = storedChart(kind, samples, `${titles[kind]} of ${cluster} during ${incidentId}`);
      if (chart === null) continue;
      const png = svgToPng(await renderSvg(chartSpec(chart)));
      const notes = chart.drops.map((drop) => describeFloorDrop(drop, connectionsAfter(samples, drop.atMs)).text);
      charts.push({ title: chart.title, filename: `${incidentId}-${cluster}-${kind}.png`, png, notes });
    }
  }
  return charts;
}
