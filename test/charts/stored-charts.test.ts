import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { chartSpec } from '../../src/charts/chart-spec';
import { describeFloorDrop } from '../../src/charts/floor-drop-note';
import { renderSvg, svgToPng } from '../../src/charts/render-png';
import { connectionsAfter, storedChart } from '../../src/charts/stored-charts';
import { decodePng } from './decode-png';
import { floorPolls, floorSamples } from './floor-samples';

const samples = floorSamples;
const polls = floorPolls;

describe('charts of the samples watch mode stored', () => {
  it('draws rates from the stored series and finds where deliveries and acks hit the floor', () => {
    const chart = storedChart('rates', samples, 'Message rates of lab');
    expect(chart?.series.map((s) => [s.name, s.points.length])).toEqual([['publish', 12], ['deliver', 12], ['ack', 12]]);
    expect(chart?.drops).toEqual([
      { series: 'deliver', atMs: polls[6]!.getTime(), fromValue: 19.6 },
      { series: 'ack', atMs: polls[6]!.getTime(), fromValue: 19.6 },
    ]);
  });

  it('draws one load line per node', () => {
    expect(storedChart('vitals', samples, 'Load')?.series.map((s) => s.name)).toEqual(['rabbit1@localhost', 'rabbit3@localhost']);
  });

  it('gives no chart when the window holds none of its series (the caller falls back to the API)', () => {
    expect(storedChart('queues', samples, 'Queues')).toBeNull();
    expect(storedChart('rates', [], 'Rates')).toBeNull();
  });

  it('a drop with clients still connected is the incident\'s drop to the floor, and the reply says so', () => {
    const [drop] = storedChart('rates', samples, 'Rates')!.drops;
    expect(connectionsAfter(samples, drop!.atMs)).toBe(1);
    expect(describeFloorDrop(drop!, 1)).toEqual({
      mark: 'critical',
      text: expect.stringMatching(/^deliver dropped to zero at 10:01:30 UTC \(from 19\.6\/s\) while 1 client connection stays open\. message rates dropped to the floor: .* Next: /),
    });
    expect(describeFloorDrop(drop!, 0)).toEqual({ mark: 'warning', text: 'deliver dropped to zero at 10:01:30 UTC (from 19.6/s), and no client connection stayed open: the clients left.' });
    expect(describeFloorDrop(drop!, null).mark).toBe('warning');
  });

  it('builds the golden Vega-Lite spec of the stored rates, drop rule included (test/charts/golden/stored-rates-spec.json)', () => {
    const spec = JSON.parse(JSON.stringify(chartSpec(storedChart('rates', samples, 'Message rates of lab')!)));
    if (process.env['UPDATE_GOLDEN'] === '1') writeFileSync(path.join(__dirname, 'golden', 'stored-rates-spec.json'), `${JSON.stringify(spec, null, 2)}\n`);
    expect(spec).toEqual(JSON.parse(readFileSync(path.join(__dirname, 'golden', 'stored-rates-spec.json'), 'utf8')));
  });

  it('renders a PNG of the stored rates with its series drawn', async () => {
    const png = decodePng(svgToPng(await renderSvg(chartSpec(storedChart('rates', samples, 'Message rates of lab')!))));
    expect([png.width > 700, png.height > 250]).toEqual([true, true]);
  });
});
