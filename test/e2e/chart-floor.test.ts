import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import { buildRegistry } from '../../src/app/build-registry';
import { createServices, type RunningServices } from '../../src/app/create-services';
import { createSampler } from '../../src/charts/take-samples';
import { renderReplyText } from '../../src/chat/console/render-text';
import { runCommandText } from '../../src/commands/run-command';
import type { CommandContext } from '../../src/commands/types';
import { loadConfigFile } from '../../src/config/load-config';
import { enableLabManagement, writeLabManagementConfig } from '../../src/lab/lab-management';
import { silentLogger } from '../../src/observability/logger';
import type { Block, Reply } from '../../src/reply/model';
import type { StoredSample } from '../../src/store/sample-store';
import { createWatchService, type WatchService } from '../../src/watch/watch-service';
import { countPixelsNear, decodePng } from '../charts/decode-png';
import { useTestLab } from '../helpers/lab';
import { attemptUntil, DEFAULT_DEADLINES, nodeAnswerBoundMs, SCHEDULING_SLACK_MS } from '../helpers/wait-for';

/*
 * The incident's "dropped to the floor", on a real lab: `lab load` publishes and consumes through
 * node 1 a queue homed on node 3, watch mode stores samples every poll, node 3 crashes mid-traffic.
 * Deliveries and acks fall to zero while the clients stay connected to node 1; the chart drawn from
 * the stored samples shows it and says so.
 */
jest.setTimeout(300_000);

const INTERVAL_MS = 5_000;
/** The management API computes rates over its 5 s samples; a poll bounded by the deadlines (vitals add their second) stores them. */
const pollBoundMs = INTERVAL_MS + 2 * nodeAnswerBoundMs(DEFAULT_DEADLINES) + SCHEDULING_SLACK_MS;
const BLUE: [number, number, number] = [0x4c, 0x78, 0xa8];
const RED: [number, number, number] = [0xc0, 0x00, 0x00];

const text = (reply: Reply): string => renderReplyText(reply, { colour: false, buttonIds: [] });

describe('a chart of real lab traffic with a node crash in the middle', () => {
  const lab = useTestLab({ nodes: 3 });
  let work = '';
  let services: RunningServices;
  let watch: WatchService | null = null;

  beforeAll(async () => {
    await enableLabManagement(lab(), '1');
    writeLabManagementConfig(lab());
    work = mkdtempSync(path.join(os.tmpdir(), 'rmq-chart-e2e-'));
    const config = parse(readFileSync(lab().configPath, 'utf8')) as Record<string, unknown>;
    config['deadlines'] = DEFAULT_DEADLINES;
    config['watch'] = { intervalMs: INTERVAL_MS, leaseMs: 60_000 };
    const file = path.join(work, 'chart.yaml');
    writeFileSync(file, stringify(config, { lineWidth: 0 }));
    const loaded = loadConfigFile(file);
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.error));
    services = createServices(loaded.value, silentLogger);
  }, 120_000);
  // The lab's own afterAll may run first and stops the load with everything else it started.
  afterAll(async () => {
    await watch?.stop();
    await services?.close();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  const stored = (): Promise<StoredSample[]> => services.store.listSamples('lab', new Date(Date.now() - 3600_000));
  const values = (samples: readonly StoredSample[], series: string) => samples.filter((s) => s.series === series).map((s) => s.value);
  const waitForSamples = (done: (samples: StoredSample[]) => boolean, polls: number) => attemptUntil(stored, done, Math.ceil((polls * pollBoundMs) / 500), 500);

  it('watch mode stores real rates; after the crash deliveries hit the floor, the chart marks it and says the clients stayed', async () => {
    const load = await lab().startLoad(() => undefined);
    expect(load.homeNode.name).toBe(lab().node('3').name);
    watch = createWatchService({ ...services, watch: services.config.watch!, holder: 'chart-e2e', logger: silentLogger, sampleCluster: createSampler(services) });
    watch.start();
    try {
      await chartTheCrash();
    } finally {
      await watch.stop();
      watch = null;
      expect((await lab().stopLoad())?.outcome).toBe('stopped');
    }
  });

  async function chartTheCrash(): Promise<void> {

    const flowing = await waitForSamples((s) => values(s, 'deliver').filter((v) => v > 0).length >= 3, 6);
    expect(values(flowing, 'deliver').filter((v) => v > 0).length).toBeGreaterThanOrEqual(3);
    expect(values(flowing, `load-per-cpu:${lab().node('1').name}`).length).toBeGreaterThan(0);

    await lab().crash('3');
    const floored = await waitForSamples((s) => values(s, 'deliver').slice(-2).every((v) => v === 0) && values(s, 'deliver').length >= 5, 8);
    expect(values(floored, 'deliver').slice(-2)).toEqual([0, 0]);
    expect(values(floored, 'connections').at(-1)).toBeGreaterThanOrEqual(1);

    const ctx: CommandContext = { actor: { id: 'U0ALICE', role: 'viewer' }, channel: 'console', services, progress: () => undefined };
    const reply = await runCommandText(buildRegistry(), 'chart rates lab --since 10m', ctx, silentLogger);
    process.stderr.write(`[chart floor e2e]\n${text(reply)}\n`);
    expect(text(reply)).toContain('from the samples watch mode stored');
    expect(text(reply)).toMatch(/deliver dropped to zero at \d\d:\d\d:\d\d UTC \(from [\d.]+\/s\) while 1 client connection stays open\. message rates dropped to the floor: /);
    expect(reply.mark).toBe('critical');

    const image = reply.blocks.find((b): b is Extract<Block, { kind: 'image' }> => b.kind === 'image');
    if (image === undefined) throw new Error(`no image in ${text(reply)}`);
    const png = decodePng(Buffer.from(image.pngBase64, 'base64'));
    expect(png.width).toBeGreaterThan(700);
    expect(png.height).toBeGreaterThan(250);
    // The publish line (first colour) and the red drop rule are drawn: the series are not empty.
    expect(countPixelsNear(png, BLUE)).toBeGreaterThan(200);
    expect(countPixelsNear(png, RED)).toBeGreaterThan(50);
  }
});
