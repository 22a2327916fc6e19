import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, mkdtempSync, readFileSync, renameSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import { allowedMs, DEFAULT_WORK_BUDGET } from '../../src/analysis-worker/worker-job';
import { openSqliteStore } from '../../src/store/sqlite-store';
import type { SqlStore } from '../../src/store/sql-store';
import type { StoredEvent } from '../../src/store/store';
import { FakeSlack } from '../helpers/fake-slack';
import { useTestLab } from '../helpers/lab';
import { testSigningSecret } from '../helpers/slack-requests';
import { attemptUntil, DEFAULT_DEADLINES, nodeAnswerBoundMs, SCHEDULING_SLACK_MS } from '../helpers/wait-for';

/*
 * Watch mode reading a real node's log in a real `rmq-bot serve` (fake Slack Web API, SQLite store,
 * a 1-node lab over the lab's sshd). Real records from the lab corpus are appended to the node's
 * own log, which RabbitMQ keeps writing; then the log is rotated (mv + new file), truncated, and the
 * bot restarted. Each critical signature must show up once, within one interval plus the deadlines.
 * The cases run in order.
 */
jest.setTimeout(300_000);

const INTERVAL_MS = 2_000;
const MAX_BYTES_PER_POLL = 64 * 1024;
const bin = path.join(__dirname, '..', '..', 'bin', 'rmq-bot.js');
/** One watch cycle: the snapshot poll, then the log read (a second one after a rotation), then its analysis, each within its bound. */
const cycleBoundMs = 3 * nodeAnswerBoundMs(DEFAULT_DEADLINES) + allowedMs(DEFAULT_WORK_BUDGET, MAX_BYTES_PER_POLL);
/** A record shows within one interval plus the cycle that reads it, after a cycle already in flight when it was written. */
const recordBoundMs = INTERVAL_MS + 2 * cycleBoundMs + SCHEDULING_SLACK_MS;
/** A cold `serve`: process start, store migration, the first SSH connection. */
const coldStartMs = 60_000;

/** Real records from the lab corpus (RabbitMQ 3.10.8), each with its source lines. */
const corpus = (file: string, first: number, last: number): string =>
  `${readFileSync(path.join(__dirname, '..', 'fixtures', 'logs', 'lab-3.10.8', file), 'utf8').split('\n').slice(first - 1, last).join('\n')}\n`;
/** 61_dead3_survivor_log_rabbit1.txt:12-13, a survivor refusing queue.declare for a queue homed on the dead node. */
const homeNodeDown = corpus('61_dead3_survivor_log_rabbit1.txt', 12, 13);
/** 61_dead3_survivor_log_rabbit1.txt:4. */
const nodeDown = corpus('61_dead3_survivor_log_rabbit1.txt', 4, 4);
/** 81_cookie_mismatch_server_log_rabbit1.txt:1-2. */
const cookieMismatch = corpus('81_cookie_mismatch_server_log_rabbit1.txt', 1, 2);
/** 71_restart_forgotten_node_log_rabbit3.txt:31. */
const inconsistentCluster = corpus('71_restart_forgotten_node_log_rabbit3.txt', 31, 31);
/** Info lines that match nothing, to move the cursor well past where the truncated file will end. */
const filler = '2026-11-24 23:43:38.720814+00:00 [info] <0.555.0> accepting AMQP connection <0.1.0> (127.0.0.1:1 -> 127.0.0.1:5672)\n'.repeat(40);

interface Serve {
  readonly child: ChildProcess;
  readonly output: () => string;
}

function startServe(configFile: string, env: Record<string, string>): Serve {
  const child = spawn(process.execPath, [bin, 'serve', '--config', configFile, '--port', '0', '--host', '127.0.0.1'], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout?.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (out += c.toString()));
  return { child, output: () => out };
}

function stopServe(serve: Serve | null): Promise<void> {
  if (serve === null || serve.child.exitCode !== null || serve.child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    serve.child.once('exit', () => resolve());
    serve.child.kill('SIGTERM');
  });
}

describe('watch mode reading a real node log incrementally, in rmq-bot serve', () => {
  const lab = useTestLab({ nodes: 1 });
  let dir = '';
  let configFile = '';
  let env: Record<string, string> = {};
  let fake: FakeSlack;
  let observer: SqlStore;
  let serve: Serve | null = null;
  const node = () => lab().node('1');

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'rmq-watch-logs-'));
    fake = await FakeSlack.start();
    const config = parse(readFileSync(lab().configPath, 'utf8')) as Record<string, unknown>;
    config['deadlines'] = DEFAULT_DEADLINES;
    config['watch'] = { intervalMs: INTERVAL_MS, leaseMs: 30_000, logs: { maxBytesPerPoll: MAX_BYTES_PER_POLL } };
    const storeFile = path.join(dir, 'bot.sqlite');
    config['store'] = { sqlite: storeFile };
    configFile = path.join(dir, 'bot.yml');
    writeFileSync(configFile, stringify(config, { lineWidth: 0 }));
    env = { SLACK_BOT_TOKEN: 'xoxb-1234567890-1234567890123-AbCdEfGhIjKlMnOp', SLACK_SIGNING_SECRET: testSigningSecret, SLACK_API_URL: fake.apiUrl, LOG_LEVEL: 'info' };
    serve = startServe(configFile, env);
    observer = openSqliteStore(storeFile, { holder: 'test-observer' });
  }, 120_000);

  afterAll(async () => {
    await stopServe(serve);
    await observer?.close();
    await fake?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  const cursor = () => observer.getLogWatch('lab', node().name);
  const sightings = async (): Promise<StoredEvent[]> => (await observer.listTimeline({ cluster: 'lab', limit: 500 })).events.filter((e) => e.kind === 'log-signature');
  const of = (events: readonly StoredEvent[], signature: string) => events.filter((e) => e.kind === 'log-signature' && e.details.signature === signature);
  const waitForSighting = (signature: string, boundMs = recordBoundMs) => attemptUntil(sightings, (events) => of(events, signature).length > 0, Math.ceil(boundMs / 250));
  /** The serve's log line about a poll is written after that poll's events: wait for it too. */
  const waitForOutput = (text: string) => attemptUntil(async () => serve?.output() ?? '', (out) => out.includes(text), Math.ceil(recordBoundMs / 250));
  /** Waits until the stored cursor has read the whole file as it is now (so a later assertion of "no repeat" means something). */
  const waitForCursorAtEnd = async () => {
    const size = statSync(node().logFile).size;
    return attemptUntil(cursor, (c) => c !== null && c.offset >= size, Math.ceil(recordBoundMs / 250));
  };

  it('the first poll only notes where the log ends: history is not reported', async () => {
    const first = await attemptUntil(cursor, (c) => c !== null, Math.ceil((coldStartMs + recordBoundMs) / 250));
    expect(first).not.toBeNull();
    expect(first?.inode).toBe(String(statSync(node().logFile).ino));
    expect(await sightings()).toEqual([]);
  });

  it('a critical record appended to the live log is one log-signature event within one interval plus the deadlines', async () => {
    const appendedAt = performance.now();
    appendFileSync(node().logFile, homeNodeDown);
    const events = await waitForSighting('queue-home-node-down');
    const [event] = of(events, 'queue-home-node-down');
    process.stderr.write(`[watch-logs e2e] append → log-signature event in ${Math.round(performance.now() - appendedAt)} ms (bound ${recordBoundMs} ms)\n`);
    expect(event?.details).toMatchObject({ node: node().name, severity: 'critical', loggedAt: '2026-11-24T23:43:53.886354+00:00', logFile: node().logFile, count: 1 });
    expect(event?.kind === 'log-signature' && event.details.excerpt).toContain("of durable queue 'cq.home3' in vhost '/' is down or inaccessible");
    expect(event?.summary).toContain(node().name);
  });

  it('the same signature again within its episode is counted, not reported again', async () => {
    appendFileSync(node().logFile, homeNodeDown);
    await waitForCursorAtEnd();
    expect(of(await sightings(), 'queue-home-node-down')).toHaveLength(1);
  });

  it('after a rotation (mv + a new file) records in the new file are found, and nothing is repeated', async () => {
    const before = await cursor();
    renameSync(node().logFile, `${node().logFile}.1`);
    appendFileSync(node().logFile, nodeDown);
    const events = await waitForSighting('node-down');
    expect(of(events, 'node-down')).toHaveLength(1);
    expect(of(events, 'queue-home-node-down')).toHaveLength(1);
    const after = await cursor();
    expect(after?.inode).not.toBe(before?.inode);
    expect(await waitForOutput('watch: node log rotated')).toContain('watch: node log rotated');
  });

  it('after a truncation records written from the start are found, and nothing is repeated', async () => {
    appendFileSync(node().logFile, filler);
    await waitForCursorAtEnd();
    const before = await cursor();
    truncateSync(node().logFile, 0);
    appendFileSync(node().logFile, cookieMismatch);
    expect(statSync(node().logFile).size).toBeLessThan(before?.offset ?? 0);
    const events = await waitForSighting('cookie-mismatch');
    expect(of(events, 'cookie-mismatch')).toHaveLength(1);
    expect((await cursor())?.inode).toBe(before?.inode);
    expect(await waitForOutput('watch: node log truncated')).toContain('watch: node log truncated');
    expect(of(events, 'node-down')).toHaveLength(1);
    expect(of(events, 'queue-home-node-down')).toHaveLength(1);
  });

  it('a restarted bot continues from the stored cursor: what was written while it was down is found, nothing is repeated', async () => {
    await waitForCursorAtEnd();
    await stopServe(serve);
    appendFileSync(node().logFile, inconsistentCluster);
    appendFileSync(node().logFile, homeNodeDown);
    serve = startServe(configFile, env);
    const events = await waitForSighting('inconsistent-cluster', coldStartMs + recordBoundMs);
    expect(of(events, 'inconsistent-cluster')).toHaveLength(1);
    await waitForCursorAtEnd();
    const all = await sightings();
    expect(all.map((e) => (e.kind === 'log-signature' ? e.details.signature : '')).sort()).toEqual(['cookie-mismatch', 'inconsistent-cluster', 'node-down', 'queue-home-node-down']);
  });
});
