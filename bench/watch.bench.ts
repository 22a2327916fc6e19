import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import { createServices } from '../src/app/create-services';
import { loadConfigFile } from '../src/config/load-config';
import { silentLogger } from '../src/observability/logger';
import type { Store } from '../src/store/store';
import { createWatchService } from '../src/watch/watch-service';
import { startTestLab } from '../test/helpers/lab';
import type { Benchmark } from './types';

const RUNS = 3;
const INTERVALS_MS = [1_000, 5_000];
const DEADLINES = { connectMs: 5_000, commandMs: 10_000 };
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitForChange(store: Store, change: string, node: string, seen: number, boundMs: number): Promise<void> {
  const deadline = performance.now() + boundMs;
  for (;;) {
    const events = (await store.listTimeline({ cluster: 'lab', limit: 500 })).events;
    if (events.filter((e) => e.kind === 'cluster-change' && e.details.change === change && e.details.node === node).length > seen) return;
    if (performance.now() > deadline) throw new Error(`no ${change} event for ${node} within ${boundMs} ms`);
    await pause(50);
  }
}

/**
 * Crash-to-event latency of watch mode on a real 3-node lab: kill -9 of a node's VM until its
 * node-down event is in the store, for two poll intervals. The bound a reader can expect is one
 * interval plus one poll's deadlines (plus a poll already in flight when the node died).
 */
export const watchBenchmark: Benchmark = {
  name: 'watch',
  async run(log) {
    log('starting a 3-node lab');
    const { lab, teardown } = await startTestLab({ nodes: 3 });
    try {
      const rows: string[][] = [];
      for (const intervalMs of INTERVALS_MS) {
        const config = parse(readFileSync(lab.configPath, 'utf8')) as Record<string, unknown>;
        config['deadlines'] = DEADLINES;
        // Repeated crashes of one node are flapping by design; the bench measures single crashes.
        config['watch'] = { intervalMs, leaseMs: Math.max(30_000, 3 * intervalMs), flapThreshold: 100 };
        config['store'] = { sqlite: `bench-watch-${intervalMs}.sqlite` };
        const file = path.join(lab.dir, `bench-watch-${intervalMs}.yaml`);
        writeFileSync(file, stringify(config, { lineWidth: 0 }));
        const loaded = loadConfigFile(file);
        if (!loaded.ok) throw new Error(`bench config ${file} is invalid: ${JSON.stringify(loaded.error)}`);
        const services = createServices(loaded.value, silentLogger);
        const watch = createWatchService({ ...services, watch: loaded.value.config.watch!, holder: `bench-${intervalMs}`, logger: silentLogger });
        const boundMs = intervalMs + 2 * (DEADLINES.connectMs + DEADLINES.commandMs) + 10_000;
        const latencies: number[] = [];
        watch.start();
        try {
          const node = lab.node('3').name;
          for (let run = 0; run < RUNS; run++) {
            await lab.crash('3');
            const crashed = performance.now();
            await waitForChange(services.store, 'node-down', node, run, boundMs);
            latencies.push(performance.now() - crashed);
            log(`interval ${intervalMs} ms, run ${run + 1}: node-down after ${Math.round(latencies[run] ?? 0)} ms; restarting the node`);
            await lab.start('3');
            await waitForChange(services.store, 'node-up', node, run, boundMs);
          }
        } finally {
          await watch.stop();
          await services.close();
        }
        const sorted = [...latencies].sort((a, b) => a - b);
        rows.push([`${intervalMs} ms`, String(RUNS), `${Math.round(sorted[Math.floor(sorted.length / 2)] ?? NaN)} ms`, `${Math.round(sorted[0] ?? NaN)}–${Math.round(sorted.at(-1) ?? NaN)} ms`, `${intervalMs + DEADLINES.connectMs + DEADLINES.commandMs} ms`]);
      }
      return {
        title: 'watch: kill -9 of a node → node-down event in the store (3-node lab, SSH, SQLite)',
        columns: ['interval', 'runs', 'median', 'range', 'interval + deadlines'],
        rows,
        notes: ['each run: crash rabbit3, wait for its node-down event, start it again, wait for node-up (flap threshold raised so each crash is its own event)'],
      };
    } finally {
      await teardown();
    }
  },
};
