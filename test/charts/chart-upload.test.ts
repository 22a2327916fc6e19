import { z } from 'zod';
import { chartSpec } from '../../src/charts/chart-spec';
import { overviewSamplesSchema, ratesChart } from '../../src/charts/management-samples';
import { renderSvg, svgToPng } from '../../src/charts/render-png';
import type { CommandDefinition } from '../../src/commands/types';
import { renderReplyText } from '../../src/chat/console/render-text';
import type { RecordedCall } from '../helpers/fake-slack';
import { readFixture } from '../helpers/fixtures';
import { postSigned, slashCommandBody } from '../helpers/slack-requests';
import { startBot, type Harness } from '../slack/harness';
import { decodePng } from './decode-png';
import { floorSamplesFrom } from './floor-samples';

/** The PNG inside a multipart body: from its signature to the end of its IEND chunk. */
function pngIn(bytes: Buffer): Buffer {
  const start = bytes.indexOf(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  const iend = bytes.indexOf(Buffer.from('IEND'), start);
  if (start < 0 || iend < 0) throw new Error('no PNG in the upload');
  return bytes.subarray(start, iend + 8);
}

let h: Harness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

const anyArgs = z.object({ positional: z.array(z.string()), flags: z.record(z.string(), z.union([z.string(), z.literal(true)])) });

describe('a chart reaches Slack as an uploaded PNG', () => {
  it('uploads the image bytes to the thread through files.uploadV2; the console names it', async () => {
    const overview = overviewSamplesSchema.parse(JSON.parse(readFixture('management/3.10.8-overview-samples-publisher-stopped.txt')));
    const png = svgToPng(await renderSvg(chartSpec(ratesChart(overview, 'Message rates of lab'))));
    const chart: CommandDefinition<z.infer<typeof anyArgs>> = {
      name: 'picture',
      summary: 'test: a reply with a chart',
      usage: '/rmq picture',
      permission: 'viewer',
      args: anyArgs,
      run: async () => ({ summary: 'Message rates of lab', blocks: [{ kind: 'image', title: 'Message rates of lab', filename: 'lab-rates.png', pngBase64: png.toString('base64') }] }),
    };
    h = await startBot({ extraCommands: [chart] });
    await postSigned(h.eventsUrl, slashCommandBody({ text: 'picture', responseUrl: h.fake.responseUrl() }));
    await h.fake.waitFor((c) => c.method === 'files.completeUploadExternal');
    const upload = h.fake.callsTo('upload')[0] as RecordedCall;
    // The Web API client posts the file as a multipart form: the PNG travels inside it, byte for byte.
    const bytes = upload.body.bytes as Buffer;
    const at = bytes.indexOf(png);
    expect(at).toBeGreaterThanOrEqual(0);
    expect(decodePng(bytes.subarray(at, at + png.length)).width).toBeGreaterThan(700);
    const complete = h.fake.callsTo('files.completeUploadExternal')[0] as RecordedCall;
    expect(complete.body).toMatchObject({ channel_id: 'C0INCIDENT' });
    expect(renderReplyText(await chart.run({ positional: [], flags: {} }, undefined as never), { colour: false, buttonIds: [] })).toBe('[image] Message rates of lab (lab-rates.png)\n');
  });

  it('/rmq chart rates draws the samples watch mode stored and uploads the PNG; the drop to the floor is said in the thread', async () => {
    h = await startBot();
    // Three minutes of polls ending now: the command draws the last 10 minutes of the real clock.
    const t0 = Date.now() - 180_000;
    await h.store.saveSamples('lab', floorSamplesFrom(t0), new Date(t0 - 1));
    await postSigned(h.eventsUrl, slashCommandBody({ text: 'chart rates lab --since 10m', responseUrl: h.fake.responseUrl() }));
    await h.fake.waitFor((c) => c.method === 'files.completeUploadExternal', 15_000);
    const png = decodePng(pngIn(h.fake.callsTo('upload')[0]!.body.bytes as Buffer));
    expect([png.width > 700, png.height > 250]).toEqual([true, true]);
    const said = await h.fake.waitFor((c) => JSON.stringify(c.body).includes('while 1 client connection stays open'), 15_000);
    expect(JSON.stringify(said.body)).toContain('message rates dropped to the floor');
  }, 30_000);
});
