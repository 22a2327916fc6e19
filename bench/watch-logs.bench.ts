import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import { createServices } from '../src/app/create-services';
import { loadConfigFile } from '../src/config/load-config';
import { silentLogger } from '../src/observability/logger';
import type { Store } from '../src/store/store';
import { createWatchService } from '../src/watch/watch-service';
import { startTestLab } from '../test/helpers/lab';
import type { Benchmark } from './types';

const INTERVAL_MS = 1_000;
const MAX_BYTES_PER_POLL = 1024 * 1024;
const BACKLOG_BYTES = 8 * 1024 * 1024;
const DEADLINES = { connectMs: 5_000, commandMs: 10_000 };
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Real records from the lab corpus (test/fixtures/logs/lab-3.10.8), one signature each, by file and lines. */
const fixture = (file: string, first: number, last: number): string =>
  `${readFileSync(path.join(__dirname, '..', 'test', 'fixtures', 'logs', 'lab-3.10.8', file), 'utf8').split('\n').slice(first - 1, last).join('\n')}\n`;
const records: readonly (readonly [string, string])[] = [
  ['queue-home-node-down', fixture('61_dead3_survivor_log_rabbit1.txt', 12, 13)],
  ['node-down', fixture('61_dead3_survivor_log_rabbit1.txt', 4, 4)],
  ['cookie-mismatch', fixture('81_cookie_mismatch_server_log_rabbit1.txt', 1, 2)],
  ['inconsistent-cluster', fixture('71_restart_forgotten_node_log_rabbit3.txt', 31, 31)],
];
/** BOOT FAILED with its inconsistent_cluster reason: boot-failed is new, inconsistent-cluster is not. */
const bootFailed = fixture('71_restart_forgotten_node_log_rabbit3.txt', 5, 14);
const fillerLine = '2026-11-24 23:43:38.720814+00:00 [info] <0.555.0> accepting AMQP connection <0.1.0> (127.0.0.1:1 -> 127.0.0.1:5672)\n';

async function waitForSignature(store: Store, signature: string, boundMs: number): Promise<void> {
  const deadline = performance.now() + boundMs;
  for (;;) {
    const events = (await store.listTimeline({ cluster: 'lab', limit: 500 })).events;
    if (events.some((e) => e.kind === 'log-signature' && e.details.signature === signature)) return;
    if (performance.now() > deadline) throw new Error(`no log-signature event for ${signature} within ${boundMs} ms`);
    await pause(50);
  }
}

/**
 * Watch mode reading a real node's log over SSH (1-node lab, SQLite): append → log-signature event
 * latency for one record at a time, and how fast a backlog is caught up at one read per poll.
 */
export const watchLogsBenchmark: Benchmark = {
  name: 'watch-logs',
  async run(log) {
    log('starting a 1-node lab');
    const { lab, teardown } = await startTestLab({ nodes: 1 });
    try {
      const config = parse(readFileSync(lab.configPath, 'utf8')) as Record<string, unknown>;
      config['deadlines'] = DEADLINES;
      config['watch'] = { intervalMs: INTERVAL_MS, leaseMs: 30_000, logs: { maxBytesPerPoll: MAX_BYTES_PER_POLL } };
      config['store'] = { sqlite: 'bench-watch-logs.sqlite' };
      const file = path.join(lab.dir, 'bench-watch-logs.yaml');
      writeFileSync(file, stringify(config, { lineWidth: 0 }));
      const loaded = loadConfigFile(file);
      if (!loaded.ok) throw new Error(`bench config ${file} is invalid: ${JSON.stringify(loaded.error)}`);
      const services = createServices(loaded.value, silentLogger);
      const watch = createWatchService({ ...services, watch: loaded.value.config.watch!, holder: 'bench-watch-logs', logger: silentLogger });
      const node = lab.node('1');
      const boundMs = INTERVAL_MS + 2 * (DEADLINES.connectMs + DEADLINES.commandMs) + 10_000;
      const rows: string[][] = [];
      watch.start();
      try {
        for (let i = 0; i < 120 && (await services.store.getLogWatch('lab', node.name)) === null; i++) await pause(500);
        for (const [signature, record] of records) {
          const appended = performance.now();
          appendFileSync(node.logFile, record);
          await waitForSignature(services.store, signature, boundMs);
          const ms = performance.now() - appended;
          log(`${signature}: event after ${Math.round(ms)} ms`);
          rows.push([`one record (${signature})`, `${Buffer.byteLength(record)} B`, `${Math.round(ms)} ms`, '']);
        }
        const backlog = fillerLine.repeat(Math.ceil(BACKLOG_BYTES / fillerLine.length));
        const appended = performance.now();
        appendFileSync(node.logFile, backlog + bootFailed);
        await waitForSignature(services.store, 'boot-failed', boundMs + (BACKLOG_BYTES / MAX_BYTES_PER_POLL) * boundMs);
        const ms = performance.now() - appended;
        const mbPerS = backlog.length / (1024 * 1024) / (ms / 1000);
        log(`backlog of ${(backlog.length / 1024 / 1024).toFixed(1)} MB: boot-failed after ${Math.round(ms)} ms`);
        rows.push(['backlog, record at its end', `${(backlog.length / 1024 / 1024).toFixed(1)} MB`, `${Math.round(ms)} ms`, `${mbPerS.toFixed(2)} MB/s`]);
      } finally {
        await watch.stop();
        await services.close();
      }
      return {
        title: 'watch-logs: record appended to a node log → log-signature event in the store (1-node lab, SSH, SQLite)',
        columns: ['what was appended', 'bytes', 'append → event', 'catch-up'],
        rows,
        notes: [
          `interval ${INTERVAL_MS} ms, maxBytesPerPoll ${MAX_BYTES_PER_POLL} B: a backlog is read at most one maxBytesPerPoll per node per poll`,
          'each poll: one SSH exec per node (stat + dd on one fd, base64), analysis in the worker thread',
        ],
      };
    } finally {
      await teardown();
    }
  },
};
