import type { StoredSample } from '../store/sample-store';
import { findFloorDrops, type ChartSeries, type LineChart } from './chart-data';
import type { VitalSeries } from './take-samples';

/** The named series of the stored samples, in the order asked, leaving out those never sampled. */
function seriesOf(samples: readonly StoredSample[], names: readonly string[], label: (name: string) => string = (name) => name): ChartSeries[] {
  return names
    .map((name) => ({ name: label(name), points: samples.filter((s) => s.series === name).map((s) => ({ atMs: s.at.getTime(), value: s.value })) }))
    .filter((s) => s.points.length > 0);
}

export function storedRatesChart(samples: readonly StoredSample[], title: string): LineChart {
  const series = seriesOf(samples, ['publish', 'deliver', 'ack']);
  return { kind: 'line', title, unit: 'messages/s', series, drops: findFloorDrops(series) };
}

export function storedQueuesChart(samples: readonly StoredSample[], title: string): LineChart {
  return { kind: 'line', title, unit: 'messages', series: seriesOf(samples, ['ready', 'unacked']), drops: [] };
}

const vitalUnits: Record<VitalSeries, string> = { 'load-per-cpu': '1-minute load per CPU', steal: 'CPU steal %', retransmits: 'TCP retransmits/s' };

/** One line per node for one vital. */
export function storedVitalsChart(samples: readonly StoredSample[], vital: VitalSeries, title: string): LineChart {
  const prefix = `${vital}:`;
  const names = [...new Set(samples.filter((s) => s.series.startsWith(prefix)).map((s) => s.series))].sort();
  return { kind: 'line', title, unit: vitalUnits[vital], series: seriesOf(samples, names, (name) => name.slice(prefix.length)), drops: [] };
}

/**
 * The fewest client connections stored from a moment on: what stayed connected after a drop. Null
 * when connections were never sampled after it.
 */
export function connectionsAfter(samples: readonly StoredSample[], atMs: number): number | null {
  const after = samples.filter((s) => s.series === 'connections' && s.at.getTime() >= atMs).map((s) => s.value);
  return after.length === 0 ? null : Math.min(...after);
}

export type ChartKind = 'rates' | 'queues' | 'vitals';

/** The chart of `kind` from stored samples, or null when none of its series was stored in the window. */
export function storedChart(kind: ChartKind, samples: readonly StoredSample[], title: string): LineChart | null {
  const chart = kind === 'rates' ? storedRatesChart(samples, title) : kind === 'queues' ? storedQueuesChart(samples, title) : storedVitalsChart(samples, 'load-per-cpu', title);
  return chart.series.length === 0 ? null : chart;
}
