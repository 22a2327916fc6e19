import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import { createServices, type RunningServices } from '../../src/app/create-services';
import { loadConfigFile } from '../../src/config/load-config';
import type { StoredEvent } from '../../src/store/store';
import { createWatchService, type WatchService } from '../../src/watch/watch-service';
import { capturedLogger } from '../helpers/captured-logger';
import { useTestLab } from '../helpers/lab';
import { attemptUntil, DEFAULT_DEADLINES, nodeAnswerBoundMs, SCHEDULING_SLACK_MS } from '../helpers/wait-for';
import { maxConcurrentPolls, pollLog } from '../watch/poll-log';

/*
 * Watch mode on a real 3-node lab: the watch service in-process with the real services (SSH to the
 * lab's sshd, rabbitmqctl on real nodes) and the real SQLite store. The cases run in order:
 * healthy baseline → crash → restart → a restarted bot → hang/resume.
 */
jest.setTimeout(300_000);

const INTERVAL_MS = 2_000;
const watchConfig = { intervalMs: INTERVAL_MS, leaseMs: 30_000 };
/** A change shows within one interval plus one poll bounded by the deadlines, after a poll already in flight when it happened. */
const changeBoundMs = INTERVAL_MS + 2 * nodeAnswerBoundMs(DEFAULT_DEADLINES) + SCHEDULING_SLACK_MS;

describe('watch mode on a real 3-node lab', () => {
  const lab = useTestLab({ nodes: 3 });
  let work = '';
  let services: RunningServices;
  let watch: WatchService | null = null;
  const log = capturedLogger('info');
  const node = (i: 1 | 2 | 3) => lab().node(String(i)).name;

  beforeAll(() => {
    work = mkdtempSync(path.join(os.tmpdir(), 'rmq-watch-e2e-'));
    const config = parse(readFileSync(lab().configPath, 'utf8')) as Record<string, unknown>;
    config['deadlines'] = DEFAULT_DEADLINES;
    config['watch'] = watchConfig;
    const file = path.join(work, 'watch.yaml');
    writeFileSync(file, stringify(config, { lineWidth: 0 }));
    const loaded = loadConfigFile(file);
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.error));
    services = createServices(loaded.value, log.logger);
  });
  afterAll(async () => {
    await watch?.stop();
    await services?.close();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  function startWatching(holder: string): WatchService {
    const service = createWatchService({ ...services, watch: services.config.watch!, holder, logger: log.logger });
    service.start();
    return service;
  }

  const changes = async (): Promise<StoredEvent[]> => (await services.store.listTimeline({ cluster: 'lab', limit: 500 })).events.filter((e) => e.kind === 'cluster-change');
  const changesOf = (events: readonly StoredEvent[], change: string, nodeName: string) =>
    events.filter((e) => e.kind === 'cluster-change' && e.details.change === change && e.details.node === nodeName);
  const lastSeq = async () => (await services.store.listWatchSnapshots('lab', 1))[0]?.seq ?? 0;

  /** Waits, in store reads every 250 ms, for up to `boundMs`; returns the events for the test to assert on. */
  const waitForEvents = (done: (events: StoredEvent[]) => boolean, boundMs: number) => attemptUntil(changes, done, Math.ceil(boundMs / 250));
  const waitForPoll = async (after: number) => attemptUntil(lastSeq, (seq) => seq > after, Math.ceil(changeBoundMs / 250));

  it('healthy: the first polls record snapshots and no change', async () => {
    watch = startWatching('replica-a');
    expect(await waitForPoll(1)).toBeGreaterThan(1);
    expect(await changes()).toEqual([]);
  });

  it('a crashed node is one node-down event within one interval plus the deadlines', async () => {
    await lab().crash('3');
    const crashedAt = performance.now();
    const events = await waitForEvents((e) => changesOf(e, 'node-down', node(3)).length > 0, changeBoundMs);
    expect(changesOf(events, 'node-down', node(3))).toHaveLength(1);
    process.stderr.write(`[watch e2e] crash → node-down event in ${Math.round(performance.now() - crashedAt)} ms (bound ${changeBoundMs} ms)\n`);
  });

  it('a restarted bot diffs against the stored poll: no node-down again', async () => {
    await watch?.stop();
    const before = await lastSeq();
    watch = startWatching('replica-b');
    expect(await waitForPoll(before + 1)).toBeGreaterThan(before + 1);
    expect(changesOf(await changes(), 'node-down', node(3))).toHaveLength(1);
  });

  it('the node started again is one node-up event', async () => {
    await lab().start('3');
    const events = await waitForEvents((e) => changesOf(e, 'node-up', node(3)).length > 0, changeBoundMs);
    expect(changesOf(events, 'node-up', node(3))).toHaveLength(1);
  });

  it('a hung node is a timed-out event, and polls never overlap while it hangs', async () => {
    await lab().hang('2');
    try {
      const events = await waitForEvents((e) => changesOf(e, 'node-timed-out', node(2)).length > 0, changeBoundMs);
      expect(changesOf(events, 'node-timed-out', node(2))).toHaveLength(1);
    } finally {
      await lab().resume('2');
    }
    const entries = pollLog(log.lines);
    expect(maxConcurrentPolls(entries, 'lab')).toBe(1);
    // Each poll against the hung node outlasts the interval, so ticks were skipped rather than queued.
    expect(entries.filter((e) => e.msg === 'watch: tick skipped, the previous poll is still running').length).toBeGreaterThan(0);
  });
});
