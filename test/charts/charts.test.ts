import { readFileSync } from 'node:fs';
import path from 'node:path';
import { readFixture } from '../helpers/fixtures';
import { chartSpec, DROP_COLOUR } from '../../src/charts/chart-spec';
import { findFloorDrops } from '../../src/charts/chart-data';
import { overviewSamplesSchema, queuesChart, ratesChart, samplesQuery } from '../../src/charts/management-samples';
import { renderSvg, svgToPng } from '../../src/charts/render-png';
import { countPixelsNear, decodePng } from './decode-png';

const golden = (file: string) => readFileSync(path.join(__dirname, 'golden', file), 'utf8');
const overview = overviewSamplesSchema.parse(JSON.parse(readFixture('management/3.10.8-overview-samples-publisher-stopped.txt')));
/** The first series colour and the drop rule's. */
const BLUE: [number, number, number] = [0x4c, 0x78, 0xa8];
const RED = [0xc0, 0x00, 0x00] as const;
expect(DROP_COLOUR).toBe('#c00000');

describe('charts of the management API samples of a lab node whose publisher stopped', () => {
  const rates = ratesChart(overview, 'Message rates of lab (3.10.8 lab capture)');

  it('turns running totals into rates, oldest first, and finds the drop to the floor', () => {
    const publish = rates.series.find((s) => s.name === 'publish');
    expect(publish?.points.length).toBeGreaterThan(10);
    expect(Math.max(...publish!.points.map((p) => p.value))).toBeGreaterThan(50);
    expect(publish!.points.map((p) => p.atMs)).toEqual([...publish!.points.map((p) => p.atMs)].sort((a, b) => a - b));
    expect(rates.drops.map((d) => d.series)).toContain('publish');
  });

  it('queue lengths are gauges', () => {
    expect(queuesChart(overview, 'Queues').series.map((s) => s.name)).toEqual(['ready', 'unacked']);
  });

  it('builds the golden Vega-Lite spec', () => {
    expect(JSON.parse(JSON.stringify(chartSpec(rates)))).toEqual(JSON.parse(golden('rates-spec.json')));
  });

  it('renders the golden SVG and a PNG whose pixels show the series and the red drop rule', async () => {
    const svg = await renderSvg(chartSpec(rates));
    expect(svg).toBe(golden('rates.svg'));
    const png = decodePng(svgToPng(svg));
    expect(png.width).toBeGreaterThan(700);
    expect(png.height).toBeGreaterThan(250);
    expect(countPixelsNear(png, BLUE)).toBeGreaterThan(200);
    expect(countPixelsNear(png, RED)).toBeGreaterThan(50);
  });

  it('asks for at most ~120 samples, never finer than 5 s', () => {
    expect(samplesQuery(1800)).toBe('?msg_rates_age=1800&msg_rates_incr=15&lengths_age=1800&lengths_incr=15');
    expect(samplesQuery(60)).toBe('?msg_rates_age=60&msg_rates_incr=5&lengths_age=60&lengths_incr=5');
  });

  it('a curve that dips to zero once and recovers is not a drop to the floor', () => {
    const points = [5, 0, 7, 0, 0].map((value, i) => ({ atMs: i * 1000, value }));
    expect(findFloorDrops([{ name: 'publish', points }])).toEqual([{ series: 'publish', atMs: 3000, fromValue: 7 }]);
  });
});
