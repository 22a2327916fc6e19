/** What a chart shows, independent of how it is drawn: named series of timed values. */
export interface ChartPoint {
  readonly atMs: number;
  readonly value: number;
}

export interface ChartSeries {
  readonly name: string;
  readonly points: readonly ChartPoint[];
}

/** A moment where a curve that was up fell to zero: the "dropped to the floor" of the incident. */
export interface FloorDrop {
  readonly series: string;
  readonly atMs: number;
  /** The last value before the drop. */
  readonly fromValue: number;
}

export interface LineChart {
  readonly kind: 'line';
  readonly title: string;
  readonly unit: string;
  readonly series: readonly ChartSeries[];
  readonly drops: readonly FloorDrop[];
}

/** One value per node and measure, for a snapshot (host vitals until samples are stored). */
export interface BarChart {
  readonly kind: 'bar';
  readonly title: string;
  readonly unit: string;
  readonly bars: readonly { readonly group: string; readonly measure: string; readonly value: number }[];
}

export type Chart = LineChart | BarChart;

/** Where each series drops from above zero to zero (and stays there for at least one more sample, or ends there). */
export function findFloorDrops(series: readonly ChartSeries[]): FloorDrop[] {
  const drops: FloorDrop[] = [];
  for (const s of series) {
    for (let i = 1; i < s.points.length; i++) {
      const before = s.points[i - 1] as ChartPoint;
      const at = s.points[i] as ChartPoint;
      const next = s.points[i + 1];
      if (before.value > 0 && at.value === 0 && (next === undefined || next.value === 0)) drops.push({ series: s.name, atMs: at.atMs, fromValue: before.value });
    }
  }
  return drops;
}
