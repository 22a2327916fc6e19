import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openPostgresStore } from '../src/store/postgres-store';
import { openSqliteStore } from '../src/store/sqlite-store';
import type { SqlStore } from '../src/store/sql-store';
import type { NewEvent } from '../src/store/store';
import { startTestPostgres } from '../test/helpers/postgres';
import { percentile } from './percentile';
import type { Benchmark, BenchTable } from './types';

const EVENTS = 2_000;
const IN_FLIGHT = 16;
const CLAIMS = 1_000;
const CONTENDED = 50;

const event = (i: number, run: string): NewEvent => ({
  at: new Date(),
  actor: { kind: 'user', id: 'U0BENCH' },
  cluster: 'lab',
  incident: null,
  channel: 'C0BENCH',
  kind: 'command-run',
  details: { text: `/rmq status lab ${i}`, reply: 'lab: 3 of 3 nodes up', ephemeral: false },
  summary: `/rmq status lab → lab: 3 of 3 nodes up (${i})`,
  idempotencyKey: `bench:${run}:${i}`,
});

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await fn();
  return performance.now() - started;
}

/** Appends `count` events with `inFlight` appends outstanding at a time; resolves with events per second. */
async function appendRate(store: SqlStore, run: string, count: number, inFlight: number): Promise<number> {
  let next = 0;
  const ms = await timed(() =>
    Promise.all(
      Array.from({ length: inFlight }, async () => {
        while (next < count) await store.appendEvent(event(next++, run));
      }),
    ),
  );
  return (count / ms) * 1000;
}

interface Measured {
  readonly sequentialRate: number;
  readonly concurrentRate: number;
  readonly claimMs: number[];
  readonly contendedMs: number[];
}

async function measure(store: SqlStore, log: (line: string) => void): Promise<Measured> {
  await store.opened();
  log(`  ${EVENTS} events, one at a time`);
  const sequentialRate = await appendRate(store, 'seq', EVENTS, 1);
  log(`  ${EVENTS} events, ${IN_FLIGHT} in flight`);
  const concurrentRate = await appendRate(store, 'par', EVENTS, IN_FLIGHT);
  log(`  ${CLAIMS} claims of fresh buttons, one at a time`);
  const expires = () => new Date(Date.now() + 60_000);
  const claimMs: number[] = [];
  for (let i = 0; i < CLAIMS; i++) claimMs.push(await timed(() => store.claimAction(`bench:${i}`, 'U0BENCH', new Date(), expires())));
  log(`  ${CONTENDED} presses of one button at once, 20 rounds`);
  const contendedMs: number[] = [];
  for (let round = 0; round < 20; round++) {
    contendedMs.push(...(await Promise.all(Array.from({ length: CONTENDED }, () => timed(() => store.claimAction(`bench:hot:${round}`, 'U0BENCH', new Date(), expires()))))));
  }
  return { sequentialRate, concurrentRate, claimMs: claimMs.sort((a, b) => a - b), contendedMs: contendedMs.sort((a, b) => a - b) };
}

const ms = (v: number) => `${v.toFixed(2)} ms`;

/**
 * The store on both backends, in one process: event appends per second (one writer; 16 appends in
 * flight) and the latency of a button claim (fresh buttons; 50 presses of one button at once).
 * SQLite is a WAL file in the temp dir; PostgreSQL a private cluster on loopback with fsync off
 * (the test helper's), so the numbers are the store's cost, not the disk's.
 */
export const storeBenchmark: Benchmark = {
  name: 'store',
  run: async (log): Promise<BenchTable> => {
    const rows: string[][] = [];
    const dir = mkdtempSync(path.join(os.tmpdir(), 'rmq-bench-store-'));
    const pg = await startTestPostgres();
    try {
      const backends: [string, () => Promise<SqlStore>][] = [
        ['SQLite (WAL file)', async () => openSqliteStore(path.join(dir, 'bench.sqlite'))],
        ['PostgreSQL 15 (pool of 10)', async () => openPostgresStore({ url: await pg.createDatabase(), poolSize: 10, statementTimeoutMs: 10_000 })],
      ];
      for (const [name, open] of backends) {
        log(name);
        const store = await open();
        try {
          const m = await measure(store, log);
          rows.push([
            name,
            m.sequentialRate.toFixed(0),
            m.concurrentRate.toFixed(0),
            ms(percentile(m.claimMs, 50)),
            ms(percentile(m.claimMs, 99)),
            ms(percentile(m.contendedMs, 50)),
            ms(percentile(m.contendedMs, 99)),
          ]);
        } finally {
          await store.close();
        }
      }
    } finally {
      await pg.stop();
      rmSync(dir, { recursive: true, force: true });
    }
    return {
      title: 'store: event appends and button claims per backend',
      columns: ['backend', 'events/s (1 writer)', `events/s (${IN_FLIGHT} in flight)`, 'claim p50', 'claim p99', `contended p50 (${CONTENDED} at once)`, 'contended p99'],
      rows,
      notes: [
        `${EVENTS} events per rate, ${CLAIMS} claims of fresh buttons one at a time, 20 rounds of ${CONTENDED} concurrent presses of one button`,
        'PostgreSQL runs with fsync off (test cluster); on a real server add its commit latency to every write',
      ],
    };
  },
};
