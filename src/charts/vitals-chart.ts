import type { NodeVitals } from '../vitals/collect-vitals';
import type { BarChart } from './chart-data';

/** A snapshot of the CPU shares of every host that answered (time series wait for stored samples). */
export function vitalsChart(title: string, nodes: readonly NodeVitals[]): BarChart {
  const bars = nodes.flatMap((n) =>
    n.kind === 'read' && n.vitals.cpu !== null
      ? [
          { group: n.node, measure: 'busy %', value: n.vitals.cpu.busyPercent },
          { group: n.node, measure: 'iowait %', value: n.vitals.cpu.iowaitPercent },
          { group: n.node, measure: 'steal %', value: n.vitals.cpu.stealPercent },
        ]
      : [],
  );
  return { kind: 'bar', title, unit: 'percent of CPU time', bars };
}
