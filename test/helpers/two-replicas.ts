import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { stringify } from 'yaml';
import { openPostgresStore } from '../../src/store/postgres-store';
import type { SqlStore } from '../../src/store/sql-store';
import { FakeSlack } from './fake-slack';
import { usePostgres } from './postgres';
import { testSigningSecret } from './slack-requests';

/**
 * Two real `rmq-bot serve` processes sharing one private PostgreSQL database, the fake Slack Web
 * API, and an observer store for the test to read what they wrote:
 *
 *   const bots = useTwoReplicas('rmq-outbox-replicas-', async (dir) => ({ clusters: […] }));
 *   it('…', async () => { const [a, b] = bots().replicas; … bots().observer … });
 *
 * The config is the test's own; `store.postgres` is added, pointing at the test database (keys the
 * test sets under `store`, such as claimLeaseMs, are kept).
 */
const bin = path.join(__dirname, '..', '..', 'bin', 'rmq-bot.js');
const STORE_URL_ENV = 'RMQ_TEST_STORE_URL';
/** Process start, store migration and Bolt's listen, on a shared 2-core machine. */
const START_TIMEOUT_MS = 60_000;

export interface Replica {
  readonly child: ChildProcess;
  /** Where this replica takes signed Slack requests. */
  readonly eventsUrl: string;
  readonly output: () => string;
}

export interface TwoReplicas {
  readonly dir: string;
  readonly fake: FakeSlack;
  readonly observer: SqlStore;
  readonly replicas: readonly [Replica, Replica];
  /** The two, plus any started since by `startAnother`. */
  readonly everyReplica: () => readonly Replica[];
  /** One more replica on the same config and database (stopped with the others). */
  readonly startAnother: () => Promise<Replica>;
}

export interface TwoReplicaOptions {
  /** LOG_LEVEL of the replicas: tests that read their log lines ask for info. */
  readonly logLevel?: 'silent' | 'info';
}

async function startReplica(configFile: string, env: Record<string, string>): Promise<Replica> {
  const child = spawn(process.execPath, [bin, 'serve', '--config', configFile, '--port', '0', '--host', '127.0.0.1'], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout?.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (out += c.toString()));
  const deadline = Date.now() + START_TIMEOUT_MS;
  for (;;) {
    const url = /Slack events on (http:\S+)/.exec(out)?.[1];
    if (url) return { child, eventsUrl: url, output: () => out };
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`rmq-bot serve did not start: ${out}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

function stopReplica(replica: Replica): Promise<void> {
  if (replica.child.exitCode !== null || replica.child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    replica.child.once('exit', () => resolve());
    replica.child.kill('SIGTERM');
  });
}

/** Polls until `probe` returns a value; the bound is generous because the machine is shared. */
export async function eventually<T>(what: string, probe: () => Promise<T | null | undefined> | T | null | undefined, timeoutMs = 90_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== null && value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** jest: started in beforeAll (after the describe's earlier hooks, so a lab is up), stopped in afterAll. */
export function useTwoReplicas(dirPrefix: string, configIn: (dir: string) => Promise<Record<string, unknown>> | Record<string, unknown>, options: TwoReplicaOptions = {}): () => TwoReplicas {
  const pg = usePostgres();
  let started: TwoReplicas | null = null;
  let dir = '';
  let fake: FakeSlack | null = null;
  let observer: SqlStore | null = null;
  const replicas: Replica[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), dirPrefix));
    fake = await FakeSlack.start();
    const url = await pg().createDatabase();
    const config = await configIn(dir);
    const store = { ...(config['store'] as Record<string, unknown> | undefined), postgres: { url: { env: STORE_URL_ENV }, poolSize: 4 } };
    const configFile = path.join(dir, 'bot.yml');
    writeFileSync(configFile, stringify({ ...config, store }, { lineWidth: 0 }));
    const env = { SLACK_BOT_TOKEN: 'xoxb-1234567890-1234567890123-AbCdEfGhIjKlMnOp', SLACK_SIGNING_SECRET: testSigningSecret, SLACK_API_URL: fake.apiUrl, LOG_LEVEL: options.logLevel ?? 'silent', [STORE_URL_ENV]: url };
    replicas.push(...(await Promise.all([startReplica(configFile, env), startReplica(configFile, env)])));
    observer = openPostgresStore({ url, poolSize: 2, statementTimeoutMs: 10_000 }, { holder: 'test-observer' });
    const startAnother = async () => {
      const replica = await startReplica(configFile, env);
      replicas.push(replica);
      return replica;
    };
    started = { dir, fake, observer, replicas: [replicas[0] as Replica, replicas[1] as Replica], everyReplica: () => replicas, startAnother };
  }, 120_000);

  afterAll(async () => {
    await Promise.all(replicas.map(stopReplica));
    await observer?.close();
    await fake?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  return () => {
    if (started === null) throw new Error('the two replicas did not start (see the beforeAll failure above)');
    return started;
  };
}
