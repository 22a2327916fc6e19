import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import { openPostgresStore } from '../../src/store/postgres-store';
import type { SqlStore } from '../../src/store/sql-store';
import type { StoredEvent } from '../../src/store/store';
import { FakeSlack, type RecordedCall } from '../helpers/fake-slack';
import { useTestLab } from '../helpers/lab';
import { usePostgres } from '../helpers/postgres';
import { defaultOutboxOptions } from '../../src/timeline/outbox';
import { testSigningSecret } from '../helpers/slack-requests';
import { attemptUntil, DEFAULT_DEADLINES, nodeAnswerBoundMs, SCHEDULING_SLACK_MS } from '../helpers/wait-for';
import { pollLog } from '../watch/poll-log';

/*
 * Two real `rmq-bot serve` processes with watch mode on one PostgreSQL and a real 3-node lab: only
 * the lease holder polls; after kill -9 of it the other takes over within the lease TTL and records
 * the node-down of a crash that happened while nobody polled, once; that node-down opens the
 * channel's incident by itself, once, and is posted in its thread.
 */
jest.setTimeout(300_000);

const INTERVAL_MS = 2_000;
const LEASE_MS = 6_000;
const CHANNEL = 'C0INCIDENT';
const bin = path.join(__dirname, '..', '..', 'bin', 'rmq-bot.js');
/** The dead leader's lease lapses, the next tick takes it, and that poll (or the one after a poll in flight) sees the change. */
const takeoverBoundMs = LEASE_MS + INTERVAL_MS + 2 * nodeAnswerBoundMs(DEFAULT_DEADLINES) + SCHEDULING_SLACK_MS;

interface Replica {
  readonly child: ChildProcess;
  readonly lines: () => string[];
}

function startReplica(configFile: string, env: Record<string, string>): Replica {
  const child = spawn(process.execPath, [bin, 'serve', '--config', configFile, '--port', '0', '--host', '127.0.0.1'], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout?.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (out += c.toString()));
  return { child, lines: () => out.split('\n') };
}

function stopReplica(replica: Replica): Promise<void> {
  if (replica.child.exitCode !== null || replica.child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    replica.child.once('exit', () => resolve());
    replica.child.kill('SIGTERM');
  });
}

const pollsStarted = (replica: Replica) => pollLog(replica.lines()).filter((e) => e.msg === 'watch: poll started').length;

describe('watch mode in two rmq-bot serve replicas on one PostgreSQL', () => {
  const lab = useTestLab({ nodes: 3 });
  const pg = usePostgres();
  let dir = '';
  let fake: FakeSlack;
  let observer: SqlStore;
  const replicas: Replica[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'rmq-watch-replicas-'));
    fake = await FakeSlack.start();
    const url = await pg().createDatabase();
    const config = parse(readFileSync(lab().configPath, 'utf8')) as Record<string, unknown>;
    config['deadlines'] = DEFAULT_DEADLINES;
    config['watch'] = { intervalMs: INTERVAL_MS, leaseMs: LEASE_MS, channels: { lab: CHANNEL }, openIncidentOn: ['node-down'] };
    config['store'] = { postgres: { url: { env: 'RMQ_TEST_STORE_URL' }, poolSize: 4 } };
    const configFile = path.join(dir, 'bot.yml');
    writeFileSync(configFile, stringify(config, { lineWidth: 0 }));
    const env = { SLACK_BOT_TOKEN: 'xoxb-1234567890-1234567890123-AbCdEfGhIjKlMnOp', SLACK_SIGNING_SECRET: testSigningSecret, SLACK_API_URL: fake.apiUrl, LOG_LEVEL: 'info', RMQ_TEST_STORE_URL: url };
    replicas.push(startReplica(configFile, env), startReplica(configFile, env));
    observer = openPostgresStore({ url, poolSize: 2, statementTimeoutMs: 10_000 }, { holder: 'test-observer' });
  }, 120_000);

  afterAll(async () => {
    await Promise.all(replicas.map(stopReplica));
    await observer?.close();
    await fake?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  const lastSeq = async () => (await observer.listWatchSnapshots('lab', 1))[0]?.seq ?? 0;
  const nodeDowns = async (node: string): Promise<StoredEvent[]> =>
    (await observer.listTimeline({ cluster: 'lab', limit: 500 })).events.filter((e) => e.kind === 'cluster-change' && e.details.change === 'node-down' && e.details.node === node);

  it('only the lease holder polls; after kill -9 of it the other takes over and records a crash once', async () => {
    // Both replicas start cold (process start, store migration, first SSH connects): a generous bound in polls.
    expect(await attemptUntil(lastSeq, (seq) => seq >= 3, Math.ceil((60_000 + 3 * takeoverBoundMs) / 250))).toBeGreaterThanOrEqual(3);
    const counts = replicas.map(pollsStarted);
    expect(counts.filter((n) => n > 0)).toHaveLength(1);
    const leader = replicas[counts.findIndex((n) => n > 0)]!;
    const follower = replicas.find((r) => r !== leader)!;

    leader.child.kill('SIGKILL');
    await lab().crash('3');
    const crashed = lab().node('3').name;
    const downs = await attemptUntil(() => nodeDowns(crashed), (events) => events.length > 0, Math.ceil(takeoverBoundMs / 250));
    expect(downs).toHaveLength(1);
    expect(pollsStarted(follower)).toBeGreaterThan(0);
    // Written by the new leader: the holder id names its process.
    expect(downs[0]?.actor.id).toContain(`/${follower.child.pid}/`);

    // A few more polls by the new leader add no second node-down.
    const seq = await lastSeq();
    expect(await attemptUntil(lastSeq, (s) => s >= seq + 2, Math.ceil((2 * takeoverBoundMs) / 250))).toBeGreaterThanOrEqual(seq + 2);
    expect(await nodeDowns(crashed)).toHaveLength(1);

    const incidents = await observer.listIncidents(CHANNEL);
    expect(incidents).toHaveLength(1);
    expect(downs[0]?.incident).toBe(incidents[0]?.id);
    // Either replica may hold the outbox lease: the killed one's lapses first.
    const postBoundMs = defaultOutboxOptions.leaseTtlMs + defaultOutboxOptions.pollMs + SCHEDULING_SLACK_MS;
    const posts = async () => fake.callsTo('chat.postMessage').filter((c) => c.answer?.ok === true);
    // The root's title names the change too: the node-down itself is the post in the thread.
    const isDownPost = (c: RecordedCall) => c.body.thread_ts !== undefined && String(c.body.text).includes(`${crashed} is down`);
    const all = await attemptUntil(posts, (p) => p.some(isDownPost), Math.ceil(postBoundMs / 250));
    const roots = all.filter((c) => String(c.body.text).includes('Incident opened'));
    expect(roots).toHaveLength(1);
    const down = all.filter(isDownPost);
    expect(down).toHaveLength(1);
    expect(down[0]?.body.thread_ts).toBe(roots[0]?.answer?.ts);
  });
});
