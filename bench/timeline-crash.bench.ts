import { writeFileSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import { createServices } from '../src/app/create-services';
import { ChannelPoster } from '../src/chat/slack/channel-poster';
import { createWebClient } from '../src/chat/slack/web-client';
import { loadConfigFile } from '../src/config/load-config';
import { silentLogger } from '../src/observability/logger';
import type { Store } from '../src/store/store';
import { defaultOutboxOptions, Outbox } from '../src/timeline/outbox';
import { createWatchService } from '../src/watch/watch-service';
import type { FakeSlack } from '../test/helpers/fake-slack';
import { startTestLab } from '../test/helpers/lab';
import { percentile } from './percentile';
import type { BenchTable } from './types';

const RUNS = 5;
const INTERVAL_MS = 1_000;
const DEADLINES = { connectMs: 5_000, commandMs: 10_000 };
const channel = 'C0BENCH';
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitUntil(what: string, done: () => Promise<boolean> | boolean, boundMs: number): Promise<number> {
  const deadline = performance.now() + boundMs;
  while (!(await done())) {
    if (performance.now() > deadline) throw new Error(`no ${what} within ${boundMs} ms`);
    await pause(20);
  }
  return performance.now();
}

const nodeEvents = async (store: Store, change: string, node: string): Promise<number> =>
  (await store.listTimeline({ cluster: 'lab', limit: 500 })).events.filter((e) => e.kind === 'cluster-change' && e.details.change === change && e.details.node === node).length;
/** Posts and edits (a burst of alike changes extends one post) whose text says `text`. */
const writesAbout = (fake: FakeSlack, text: string): number =>
  fake.calls.filter((c) => (c.method === 'chat.postMessage' || c.method === 'chat.update') && c.answer?.ok === true && String(c.body.text).includes(text)).length;

/**
 * Crash-to-post latency on a real 3-node lab: kill -9 of a node's VM until the fake Web API has the
 * first timeline post about it (the first run opens the incident, so its first post is the root).
 * Watch mode and the outbox run in-process as `serve` runs them, at their default outbox pace.
 */
export async function crashToPost(fake: FakeSlack, log: (line: string) => void): Promise<BenchTable> {
  log('crash-to-post: starting a 3-node lab');
  const { lab, teardown } = await startTestLab({ nodes: 3 });
  try {
    const config = parse(readFileSync(lab.configPath, 'utf8')) as Record<string, unknown>;
    config['deadlines'] = DEADLINES;
    // Repeated crashes of one node are flapping by design; the bench measures single crashes.
    config['watch'] = { intervalMs: INTERVAL_MS, leaseMs: 30_000, flapThreshold: 100, channels: { lab: channel }, openIncidentOn: ['node-down'] };
    config['store'] = { sqlite: 'bench-crash-to-post.sqlite' };
    const file = path.join(lab.dir, 'bench-crash-to-post.yaml');
    writeFileSync(file, stringify(config, { lineWidth: 0 }));
    const loaded = loadConfigFile(file);
    if (!loaded.ok) throw new Error(`bench config ${file} is invalid: ${JSON.stringify(loaded.error)}`);
    const services = createServices(loaded.value, silentLogger);
    const watch = createWatchService({ ...services, watch: loaded.value.config.watch!, holder: 'bench-watch', logger: silentLogger });
    const poster = new ChannelPoster(createWebClient('xoxb-bench', fake.apiUrl, { timeoutMs: 5_000, retries: 0 }, silentLogger), silentLogger);
    const outbox = new Outbox(services.store, poster, silentLogger, { ...defaultOutboxOptions, holder: 'bench-outbox', timeZone: 'UTC', now: () => new Date() });
    const boundMs = INTERVAL_MS + 2 * (DEADLINES.connectMs + DEADLINES.commandMs) + defaultOutboxOptions.pollMs + 30_000;
    const toEvent: number[] = [];
    const toPost: number[] = [];
    watch.start();
    outbox.start();
    try {
      const node = lab.node('3').name;
      await waitUntil('first poll', async () => (await services.store.listWatchSnapshots('lab', 1)).length > 0, boundMs);
      for (let run = 0; run < RUNS; run++) {
        const downWrites = writesAbout(fake, `${node} is down`);
        await lab.crash('3');
        const crashed = performance.now();
        const [stored, posted] = await Promise.all([
          waitUntil('node-down event', async () => (await nodeEvents(services.store, 'node-down', node)) > run, boundMs),
          waitUntil('node-down post', () => writesAbout(fake, `${node} is down`) > downWrites, boundMs),
        ]);
        toEvent.push(stored - crashed);
        toPost.push(posted - crashed);
        log(`crash-to-post run ${run + 1}/${RUNS}: event after ${Math.round(stored - crashed)} ms, post after ${Math.round(posted - crashed)} ms; restarting the node`);
        const upWrites = writesAbout(fake, `${node} is up again`);
        await lab.start('3');
        await waitUntil('node-up post', () => writesAbout(fake, `${node} is up again`) > upWrites, boundMs);
      }
    } finally {
      await watch.stop();
      await outbox.stop();
      await poster.stop();
      await services.close();
    }
    const row = (what: string, samples: readonly number[]) => {
      const sorted = [...samples].sort((a, b) => a - b);
      return [what, String(sorted.length), `${Math.round(percentile(sorted, 50))} ms`, `${Math.round(percentile(sorted, 90))} ms`, `${Math.round(sorted.at(-1) ?? NaN)} ms`];
    };
    return {
      title: `Crash to timeline post (3-node lab, watch every ${INTERVAL_MS} ms, outbox at its default pace, SQLite, fake Slack Web API)`,
      columns: ['kill -9 of a node →', 'runs', 'median', 'p90', 'max'],
      rows: [row('node-down event in the store', toEvent), row('first post about it at the fake Web API', toPost)],
      notes: [
        `the first run opens the incident (watch.openIncidentOn: [node-down]): its first post is the root message, the node-down follows in the thread`,
        `expected bound: interval + one poll's deadlines + one outbox poll (${defaultOutboxOptions.pollMs} ms) = ${INTERVAL_MS + DEADLINES.connectMs + DEADLINES.commandMs + defaultOutboxOptions.pollMs} ms; the gap between the two rows is what the outbox adds`,
        'each run: crash rabbit3, wait for the event and the post, start it again, wait for its "up again" post',
      ],
    };
  } finally {
    await teardown();
  }
}
