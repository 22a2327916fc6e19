import { execFile } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { freeLoopbackPort } from './sshd';

/**
 * A private PostgreSQL 15 cluster for tests (Debian's `postgresql` package): initdb in a temp dir as
 * the postgres user, a free loopback port, trust auth, stopped by the postmaster's PID. Never the
 * system cluster, never a mock.
 *
 *   const pg = usePostgres();                       // in a describe: beforeAll starts, afterAll stops
 *   it('…', async () => { const url = await pg().createDatabase(); … });
 */
export interface TestPostgres {
  readonly port: number;
  readonly dir: string;
  /** A new empty database; resolves with its connection URL. */
  createDatabase(): Promise<string>;
  stop(): Promise<void>;
}

const run = promisify(execFile);
const bin = (name: string) => path.join('/usr/lib/postgresql/15/bin', name);
const user = 'rmqbot';
const ATTEMPTS = 4;

const asPostgres = (argv: readonly string[]) => run('runuser', ['-u', 'postgres', '--', ...argv], { maxBuffer: 4 * 1024 * 1024 });

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function stopPostmaster(dir: string): Promise<void> {
  let pid: number | null = null;
  try {
    pid = Number(readFileSync(path.join(dir, 'data', 'postmaster.pid'), 'utf8').split('\n')[0]);
  } catch {
    // Never started (or already stopped and cleaned up): nothing to stop.
  }
  if (pid !== null && Number.isInteger(pid) && pid > 0 && alive(pid)) {
    // SIGQUIT is PostgreSQL's immediate shutdown: test data needs no checkpoint.
    process.kill(pid, 'SIGQUIT');
    const deadline = Date.now() + 30_000;
    while (alive(pid) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    if (alive(pid)) process.kill(pid, 'SIGKILL');
  }
  rmSync(dir, { recursive: true, force: true });
}

async function startOnce(): Promise<TestPostgres> {
  if (!existsSync(bin('initdb'))) throw new Error(`${bin('initdb')} is missing: install PostgreSQL 15 (apt-get install postgresql, as .ci/run does)`);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'rmq-pg-'));
  // initdb refuses root: the cluster belongs to the postgres user, in a dir it owns.
  const [uid, gid] = await Promise.all(['-u', '-g'].map(async (flag) => Number((await run('id', [flag, 'postgres'])).stdout.trim())));
  chownSync(dir, uid as number, gid as number);
  const port = await freeLoopbackPort();
  try {
    await asPostgres([bin('initdb'), '-D', path.join(dir, 'data'), '-U', user, '--auth=trust', '--no-sync']);
    await asPostgres([
      bin('pg_ctl'),
      '-D',
      path.join(dir, 'data'),
      '-l',
      path.join(dir, 'log'),
      '-w',
      '-o',
      // Durability is not under test here; without fsync a test database starts and writes faster.
      `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200`,
      'start',
    ]);
  } catch (e) {
    await stopPostmaster(dir);
    throw e;
  }
  let databases = 0;
  let stopped: Promise<void> | null = null;
  return {
    port,
    dir,
    async createDatabase() {
      const name = `t${process.pid}_${++databases}`;
      const admin = new Client({ host: '127.0.0.1', port, user, database: 'postgres' });
      await admin.connect();
      try {
        await admin.query(`CREATE DATABASE ${name}`);
      } finally {
        await admin.end();
      }
      return `postgresql://${user}@127.0.0.1:${port}/${name}`;
    },
    stop: () => (stopped ??= stopPostmaster(dir)),
  };
}

/** Starts a private cluster; another process may take the port between the check and the start, so it retries. */
export async function startTestPostgres(): Promise<TestPostgres> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOnce();
    } catch (e) {
      if (attempt >= ATTEMPTS) throw e;
    }
  }
}

/** jest: one cluster for the enclosing describe, started in beforeAll and always stopped in afterAll. */
export function usePostgres(startTimeoutMs = 60_000): () => TestPostgres {
  let cluster: TestPostgres | null = null;
  beforeAll(async () => {
    cluster = await startTestPostgres();
  }, startTimeoutMs);
  afterAll(async () => {
    await cluster?.stop();
  }, 60_000);
  return () => {
    if (cluster === null) throw new Error('the test PostgreSQL did not start (see the beforeAll failure above)');
    return cluster;
  };
}
