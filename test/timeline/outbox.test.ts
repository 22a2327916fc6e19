import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ChannelPoster } from '../../src/chat/slack/channel-poster';
import { createWebClient } from '../../src/chat/slack/web-client';
import { openSqliteStore } from '../../src/store/sqlite-store';
import type { SqlStore } from '../../src/store/sql-store';
import type { NewEvent } from '../../src/store/store';
import { openIncident } from '../../src/timeline/incidents';
import { defaultOutboxOptions, Outbox, outboxLease } from '../../src/timeline/outbox';
import { capturedLogger } from '../helpers/captured-logger';
import { FakeSlack, type RecordedCall } from '../helpers/fake-slack';
import { attemptUntil } from '../helpers/wait-for';

// Posting is paced at one message a second per channel: these tests take that long by design.
jest.setTimeout(180_000);

const channel = 'C0INCIDENT';
const writes = (fake: FakeSlack): RecordedCall[] =>
  fake.calls.filter((c) => (c.method === 'chat.postMessage' || c.method === 'chat.update') && c.answer?.ok === true);

let fake: FakeSlack;
let dir: string;
let file: string;
const opened: { close(): Promise<void> }[] = [];

beforeEach(async () => {
  fake = await FakeSlack.start();
  dir = mkdtempSync(path.join(os.tmpdir(), 'rmq-outbox-'));
  file = path.join(dir, 'bot.sqlite');
});

afterEach(async () => {
  for (const o of opened.splice(0).reverse()) await o.close();
  await fake.close();
  rmSync(dir, { recursive: true, force: true });
});

function replica(holder: string, store: SqlStore = openSqliteStore(file, { holder })) {
  const { logger } = capturedLogger();
  // No client retries: the outbox itself is what must keep failed posts and try them again.
  const client = createWebClient('xoxb-test', fake.apiUrl, { timeoutMs: 5_000, retries: 0 }, logger);
  const poster = new ChannelPoster(client, logger);
  const outbox = new Outbox(store, poster, logger, { ...defaultOutboxOptions, holder, timeZone: 'Europe/Berlin', pollMs: 50, maxBackoffMs: 500, now: () => new Date() });
  const handle = {
    store,
    outbox,
    close: async () => {
      await outbox.stop();
      await poster.stop();
      await store.close();
    },
  };
  opened.push(handle);
  return handle;
}

const botEvent = (incident: string, n: number, cluster: string, at: Date): NewEvent => ({
  at,
  actor: { kind: 'bot', id: 'watch' },
  cluster,
  incident,
  channel,
  kind: 'note',
  details: { text: `connection error ${n}`, source: 'synthetic' },
  summary: `connection error from 10.0.0.${n % 250}`,
  idempotencyKey: `synthetic:${n}`,
});

/** Waits until the outbox's cursor covers every event in the log. */
async function drained(store: SqlStore, attempts = 600): Promise<void> {
  const [newest] = (await store.listTimeline({ limit: 1 })).events;
  const cursor = await attemptUntil(() => store.outboxCursor(outboxLease), (c) => c >= (newest?.id ?? 0), attempts, 100);
  expect(cursor).toBeGreaterThanOrEqual(newest?.id ?? 0);
}

describe('the timeline outbox', () => {
  it('posts a burst of 500 events at most once a second per channel, coalesced, and keeps all 500', async () => {
    const a = replica('replica-a');
    const { incident } = await openIncident(a.store, { channel, title: 'broker down', actor: { kind: 'user', id: 'U0ALICE' }, at: new Date() });
    const t = Date.now();
    for (let n = 0; n < 500; n++) await a.store.appendEvent(botEvent(incident.id, n, `cluster-${n % 5}`, new Date(t + n)));
    a.outbox.start();
    await drained(a.store);

    expect((await a.store.listTimeline({ incident: incident.id, limit: 1000 })).events.filter((e) => e.kind === 'note')).toHaveLength(500);
    const calls = writes(fake);
    expect(calls.length).toBeGreaterThan(1);
    // At most 1 message/s, as arrivals at the fake: calls start 1 s apart, and one late arrival (a busy
    // event loop) can shorten a single gap, so any run of n writes spans at least n - 2 seconds.
    for (let i = 0; i < calls.length; i++) {
      for (let j = i + 2; j < calls.length; j++) expect((calls[j] as RecordedCall).at - (calls[i] as RecordedCall).at).toBeGreaterThanOrEqual((j - i - 1) * 1000);
    }
    const root = fake.callsTo('chat.postMessage')[0];
    expect(root?.body.text).toContain('Incident opened: broker down');
    expect(root?.body.thread_ts).toBeUndefined();
    const threadPosts = fake.callsTo('chat.postMessage').slice(1);
    // One post per cluster: 100 alike events each, counted in one message in the incident's thread.
    expect(threadPosts).toHaveLength(5);
    for (const post of threadPosts) expect(post.body.thread_ts).toBe(root?.answer?.ts);
    const last = new Map<string, string>();
    for (const c of calls.slice(1)) last.set(String(c.method === 'chat.update' ? c.body.ts : c.answer?.ts), String(c.body.text));
    expect([...last.values()].map((text) => /(\d+) ×/.exec(text)?.[1])).toEqual(['100', '100', '100', '100', '100']);
  });

  it('keeps posts while Slack answers 500 and sends each exactly once when it is back', async () => {
    const a = replica('replica-a');
    const { incident } = await openIncident(a.store, { channel, title: 'outage', actor: { kind: 'user', id: 'U0ALICE' }, at: new Date() });
    fake.outage(500);
    a.outbox.start();
    for (let n = 0; n < 3; n++) {
      await a.store.appendEvent({
        at: new Date(),
        actor: { kind: 'user', id: `U0PERSON${n}` },
        cluster: null,
        incident: incident.id,
        channel,
        kind: 'note',
        details: { text: `note ${n}` },
        summary: `note ${n}`,
        idempotencyKey: `note:${n}`,
      });
    }
    // Each retry first asks the channel whether the failed post went through after all (a 500 does not say).
    const failed = await attemptUntil(async () => fake.calls.filter((c) => c.answer?.httpStatus === 500).map((c) => c.method), (m) => m.length >= 3, 120);
    expect(failed.slice(0, 3)).toEqual(['chat.postMessage', 'conversations.history', 'conversations.history']);
    expect(await a.store.outboxCursor(outboxLease)).toBe(0);
    fake.outage(null);
    await drained(a.store);
    const delivered = fake.callsTo('chat.postMessage').filter((c) => c.answer?.ok === true).map((c) => String(c.body.text));
    expect(delivered).toHaveLength(4);
    for (let n = 0; n < 3; n++) expect(delivered.filter((text) => text.endsWith(`note ${n}`))).toHaveLength(1);
  });

  it('edits a 429-delayed post in place after Retry-After and never reposts after a restart', async () => {
    const a = replica('replica-a');
    const { incident } = await openIncident(a.store, { channel, title: 'restart', actor: { kind: 'user', id: 'U0ALICE' }, at: new Date() });
    fake.next('chat.postMessage', { kind: 'rate-limited', retryAfterS: 1 });
    a.outbox.start();
    await drained(a.store);
    await a.close();
    opened.splice(opened.indexOf(a), 1);
    const postsBefore = writes(fake).length;
    expect(fake.callsTo('chat.postMessage')).toHaveLength(2);

    const b = replica('replica-b');
    expect((await b.store.openIncidentIn(channel))?.rootTs).toBe(fake.callsTo('chat.postMessage')[1]?.answer?.ts);
    b.outbox.start();
    await b.store.appendEvent(botEvent(incident.id, 1, 'lab', new Date()));
    await drained(b.store);
    expect(writes(fake).length).toBe(postsBefore + 1);
    await b.store.appendEvent(botEvent(incident.id, 2, 'lab', new Date()));
    await drained(b.store);
    // The second alike event extends the first one's post instead of adding one.
    const last = writes(fake).at(-1);
    expect(last?.method).toBe('chat.update');
    expect(String(last?.body.text)).toContain('2 ×');
  });

  it('adopts a post Slack took but never answered, found by its metadata, instead of posting it again', async () => {
    const a = replica('replica-a');
    await openIncident(a.store, { channel, title: 'lost answer', actor: { kind: 'user', id: 'U0ALICE' }, at: new Date() });
    // The root goes out, Slack keeps it, and the answer never comes: the client times out.
    fake.next('chat.postMessage', { kind: 'accept-and-hang' });
    a.outbox.start();
    await drained(a.store);
    const [root] = fake.callsTo('chat.postMessage');
    expect(fake.callsTo('chat.postMessage')).toHaveLength(1);
    expect(root?.body.metadata).toMatchObject({ event_type: 'rmq_timeline_post', event_payload: { post_key: expect.any(String), attempt_id: expect.any(String) } });
    expect(fake.callsTo('conversations.history')[0]?.body).toMatchObject({ channel, include_all_metadata: 'true' });
    expect((await a.store.openIncidentIn(channel))?.rootTs).toBe(root?.answer?.ts);
    expect(await a.store.listSending()).toEqual([]);
  });
});
