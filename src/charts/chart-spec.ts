import type { TopLevelSpec } from 'vega-lite';
import type { Chart, FloorDrop } from './chart-data';

/**
 * The Vega-Lite spec of a chart: plain data, so a reviewer can read the golden spec in the tests.
 * Floor drops are drawn as red rules with their series named.
 */
export type VegaLiteSpec = TopLevelSpec;

type LayerPart = Extract<TopLevelSpec, { layer: unknown }>['layer'][number];

/** Blue, orange, green: none of them near the drop rule's red. */
const SERIES_COLOURS = ['#4c78a8', '#f58518', '#54a24b', '#b279a2'];
export const DROP_COLOUR = '#c00000';

/** Series that fell at the same moment share one rule and one label. */
function dropLabels(drops: readonly FloorDrop[]): { at: string; label: string }[] {
  const byTime = new Map<number, string[]>();
  for (const d of drops) byTime.set(d.atMs, [...(byTime.get(d.atMs) ?? []), d.series]);
  return [...byTime].map(([atMs, names]) => ({ at: new Date(atMs).toISOString(), label: `${names.join(', ')} → 0` }));
}

const base = { $schema: 'https://vega.github.io/schema/vega-lite/v5.json', width: 720, height: 260, background: 'white', config: { font: 'DejaVu Sans' } } as const;

export function chartSpec(chart: Chart): VegaLiteSpec {
  if (chart.kind === 'bar') {
    return {
      ...base,
      title: chart.title,
      data: { values: chart.bars.map((b) => ({ group: b.group, measure: b.measure, value: b.value })) },
      mark: 'bar',
      encoding: {
        x: { field: 'group', type: 'nominal', title: null, axis: { labelAngle: 0 } },
        xOffset: { field: 'measure' },
        y: { field: 'value', type: 'quantitative', title: chart.unit },
        color: { field: 'measure', type: 'nominal', title: null, scale: { range: SERIES_COLOURS } },
      },
    };
  }
  const points = chart.series.flatMap((s) => s.points.map((p) => ({ series: s.name, at: new Date(p.atMs).toISOString(), value: p.value })));
  const line: LayerPart = {
    data: { values: points },
    mark: { type: 'line', interpolate: 'linear' },
    encoding: {
      x: { field: 'at', type: 'temporal', title: null, axis: { format: '%H:%M:%S' } },
      y: { field: 'value', type: 'quantitative', title: chart.unit },
      color: { field: 'series', type: 'nominal', title: null, scale: { range: SERIES_COLOURS } },
    },
  };
  const drops: LayerPart = {
    data: { values: dropLabels(chart.drops) },
    layer: [
      { mark: { type: 'rule', color: DROP_COLOUR, strokeDash: [4, 3], strokeWidth: 2 }, encoding: { x: { field: 'at', type: 'temporal' } } },
      { mark: { type: 'text', color: DROP_COLOUR, align: 'left', dx: 4, dy: -110 }, encoding: { x: { field: 'at', type: 'temporal' }, text: { field: 'label' } } },
    ],
  };
  return { ...base, title: chart.title, layer: chart.drops.length > 0 ? [line, drops] : [line] };
}
