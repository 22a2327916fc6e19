import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ChannelPoster } from '../src/chat/slack/channel-poster';
import { createWebClient } from '../src/chat/slack/web-client';
import { silentLogger } from '../src/observability/logger';
import { openSqliteStore } from '../src/store/sqlite-store';
import type { SqlStore } from '../src/store/sql-store';
import type { NewEvent } from '../src/store/store';
import { openIncident } from '../src/timeline/incidents';
import { defaultOutboxOptions, Outbox, outboxLease } from '../src/timeline/outbox';
import { FakeSlack } from '../test/helpers/fake-slack';
import { crashToPost } from './timeline-crash.bench';
import type { Benchmark, BenchTable } from './types';

const channel = 'C0BENCH';
const BURST = 5_000;
const NOTES = 10;

const botEvent = (incident: string, i: number): NewEvent => ({
  at: new Date(),
  actor: { kind: 'bot', id: 'watch' },
  cluster: `cluster-${i % 5}`,
  incident,
  channel,
  kind: 'note',
  details: { text: `connection error ${i}`, source: 'bench' },
  summary: `connection error ${i}`,
  idempotencyKey: `bench:burst:${i}`,
});

const noteEvent = (incident: string, i: number): NewEvent => ({ ...botEvent(incident, i), actor: { kind: 'user', id: 'U0BENCH' }, idempotencyKey: `bench:note:${i}` });

async function until(done: () => Promise<boolean>): Promise<void> {
  while (!(await done())) await new Promise((resolve) => setTimeout(resolve, 10));
}

async function newestId(store: SqlStore): Promise<number> {
  return (await store.listTimeline({ limit: 1 })).events[0]?.id ?? 0;
}

/** Appends `events`, starts nothing new, waits until the running outbox's cursor covers them; ms and Slack writes. */
async function drain(store: SqlStore, fake: FakeSlack, events: readonly NewEvent[]): Promise<{ ms: number; writes: number }> {
  const before = fake.calls.length;
  const started = performance.now();
  for (const e of events) await store.appendEvent(e);
  const last = await newestId(store);
  await until(async () => (await store.outboxCursor(outboxLease)) >= last);
  const writes = fake.calls.slice(before).filter((c) => c.method === 'chat.postMessage' || c.method === 'chat.update').length;
  return { ms: performance.now() - started, writes };
}

/**
 * `npm run bench -- timeline`: events per second through the outbox to a fake Slack, paced at 1
 * message/s per channel; then crash-to-post latency on a real lab.
 */
export const timelineBenchmark: Benchmark = {
  name: 'timeline',
  async run(log) {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'rmq-bench-timeline-'));
    const fake = await FakeSlack.start();
    const store = openSqliteStore(path.join(dir, 'bot.sqlite'), { holder: 'bench' });
    const client = createWebClient('xoxb-bench', fake.apiUrl, { timeoutMs: 5_000, retries: 0 }, silentLogger);
    const poster = new ChannelPoster(client, silentLogger);
    const outbox = new Outbox(store, poster, silentLogger, { ...defaultOutboxOptions, holder: 'bench', timeZone: 'UTC', pollMs: 20, now: () => new Date() });
    try {
      const { incident } = await openIncident(store, { channel, title: 'bench', actor: { kind: 'user', id: 'U0BENCH' }, at: new Date() });
      outbox.start();
      await until(async () => (await store.getIncident(incident.id))?.rootTs !== null);
      log(`burst of ${BURST} alike bot events (5 clusters)`);
      const burst = await drain(store, fake, Array.from({ length: BURST }, (_, i) => botEvent(incident.id, i)));
      log(`${NOTES} notes by a person (one post each)`);
      const notes = await drain(store, fake, Array.from({ length: NOTES }, (_, i) => noteEvent(incident.id, i)));
      log('one event on an idle outbox');
      await new Promise((resolve) => setTimeout(resolve, 1_100));
      const single = await drain(store, fake, [noteEvent(incident.id, NOTES)]);
      const writes = fake.calls.filter((c) => c.method === 'chat.postMessage' || c.method === 'chat.update');
      const gaps = writes.slice(1).map((c, i) => c.at - (writes[i]?.at ?? 0));
      const busiest = Math.max(...writes.map((w) => writes.filter((o) => o.at >= w.at && o.at < w.at + 10_000).length));
      const row = (what: string, count: number, r: { ms: number; writes: number }) => [what, String(count), String(r.writes), (r.ms / 1000).toFixed(2), ((count / r.ms) * 1000).toFixed(1)];
      const throughput: BenchTable = {
        title: 'Timeline outbox (SQLite store, fake Slack Web API, 1 message/s per channel)',
        columns: ['scenario', 'events', 'Slack writes', 'seconds', 'events/s'],
        rows: [row('burst of alike bot events, coalesced', BURST, burst), row('notes by people, one post each', NOTES, notes), row('one event, idle outbox (append → post)', 1, single)],
        notes: [
          `most writes to the channel in any 10 s: ${busiest} (target: ≤ 11 — calls start 1 s apart, one late send can put an 11th in a window) — ${busiest <= 11 ? 'met' : 'missed'}`,
          `smallest gap between two arrivals at the fake: ${Math.min(...gaps)} ms (calls start 1 s apart; a late send shortens the next gap)`,
          'a coalesced burst costs one post per coalescing key and window plus one chat.update per pass, so its events/s is bounded by the store, not by Slack',
        ],
      };
      await outbox.stop();
      return [throughput, await crashToPost(fake, log)];
    } finally {
      await outbox.stop();
      await poster.stop();
      await store.close();
      await fake.close();
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
