import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buttonClaimKey } from '../../src/chat/slack/button-claim';
import { openPostgresStore } from '../../src/store/postgres-store';
import type { SqlStore } from '../../src/store/sql-store';
import { FakeSlack, type RecordedCall } from '../helpers/fake-slack';
import { usePostgres } from '../helpers/postgres';
import { buttonPressPayloadJson, interactionBody, nowSeconds, postSigned, testSigningSecret } from '../helpers/slack-requests';
import { generateKeyPair } from '../helpers/sshd';

/**
 * Two real `rmq-bot serve` processes on one PostgreSQL, reached through Bolt with signed requests, and
 * the fake Slack Web API. The button's action (a status refresh) hangs on a node that accepts TCP and
 * never speaks until the SSH connect deadline, so it is still running when the other replica is asked,
 * and when one replica is killed.
 */
// The action outlasts three claim leases, so a claim kept only by its holder's heartbeat is tested too.
const connectMs = 10_000;
const claimLeaseMs = 3_000;
const bin = path.join(__dirname, '..', '..', 'bin', 'rmq-bot.js');
const pg = usePostgres();

interface Replica {
  readonly child: ChildProcess;
  readonly eventsUrl: string;
  readonly output: () => string;
}

async function startReplica(configFile: string, env: Record<string, string>): Promise<Replica> {
  const child = spawn(process.execPath, [bin, 'serve', '--config', configFile, '--port', '0', '--host', '127.0.0.1'], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (out += c.toString()));
  const deadline = Date.now() + 60_000;
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
async function eventually<T>(what: string, probe: () => Promise<T | null | undefined>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== null && value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const ephemeralTo = (fake: FakeSlack, id: string) => fake.waitFor((c: RecordedCall) => c.method === 'response_url' && c.path.endsWith(`/${id}`), 60_000);
const text = (call: RecordedCall) => JSON.stringify(call.body);

describe('two rmq-bot serve replicas on one PostgreSQL', () => {
  let dir: string;
  let fake: FakeSlack;
  let silent: net.Server;
  const accepted: net.Socket[] = [];
  let observer: SqlStore;
  const replicas: Replica[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'rmq-replicas-'));
    fake = await FakeSlack.start();
    silent = net.createServer((socket) => {
      accepted.push(socket);
      socket.on('error', () => undefined);
    });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const port = (silent.address() as net.AddressInfo).port;
    const key = generateKeyPair(dir, 'bot-key');
    const url = await pg().createDatabase();
    const configFile = path.join(dir, 'bot.yml');
    writeFileSync(
      configFile,
      [
        'clusters:',
        '  - name: lab',
        '    role: primary',
        '    nodes:',
        '      - name: rabbit1@localhost',
        `        ssh: { host: 127.0.0.1, port: ${port}, user: rabbit, privateKey: { file: ${key.privateKeyFile} }, allowUnknownHostKey: true }`,
        `deadlines: { connectMs: ${connectMs}, commandMs: ${connectMs} }`,
        'store:',
        '  postgres: { url: { env: RMQ_TEST_STORE_URL }, poolSize: 4 }',
        `  claimLeaseMs: ${claimLeaseMs}`,
        '',
      ].join('\n'),
    );
    const env = { SLACK_BOT_TOKEN: 'xoxb-1234567890-1234567890123-AbCdEfGhIjKlMnOp', SLACK_SIGNING_SECRET: testSigningSecret, SLACK_API_URL: fake.apiUrl, LOG_LEVEL: 'silent', RMQ_TEST_STORE_URL: url };
    replicas.push(...(await Promise.all([startReplica(configFile, env), startReplica(configFile, env)])));
    observer = openPostgresStore({ url, poolSize: 2, statementTimeoutMs: 10_000 }, { holder: 'test-observer' });
  }, 120_000);

  afterAll(async () => {
    await Promise.all(replicas.map(stopReplica));
    await observer?.close();
    for (const socket of accepted) socket.destroy();
    await new Promise<void>((resolve) => (silent ? silent.close(() => resolve()) : resolve()));
    await fake?.close();
    rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  const press = (replica: Replica, messageTs: string, user: string, responseId: string) =>
    postSigned(replica.eventsUrl, interactionBody(buttonPressPayloadJson({ actionId: 'status.refresh:0', value: 'lab', messageTs, user, responseUrl: fake.responseUrl(responseId) })));

  it('runs a button pressed on both at once once, and tells the other presser who runs it', async () => {
    const [a, b] = replicas as [Replica, Replica];
    const messageTs = `${nowSeconds()}.000100`;
    const answers = await Promise.all([press(a, messageTs, 'U0ALICE', 'alice-1'), press(b, messageTs, 'U0BOB', 'bob-1')]);
    expect(answers.map((r) => r.status)).toEqual([200, 200]);
    const key = buttonClaimKey('C0INCIDENT', messageTs, 'status.refresh:0', 'lab');
    const running = await eventually('the claim', () => observer.getClaim(key, new Date()));
    expect(running.outcome).toBe('running');
    const winner = running.outcome === 'running' ? running.by : '';
    const loser = winner === 'U0ALICE' ? { id: 'U0BOB', response: 'bob-1' } : { id: 'U0ALICE', response: 'alice-1' };
    expect(text(await ephemeralTo(fake, loser.response))).toContain(`This button is already running.`);
    expect(text(await ephemeralTo(fake, loser.response))).toContain(`Pressed by ${winner}`);

    // Still running after more than one claim lease: the winner's heartbeat keeps the claim alive.
    const since = running.outcome === 'running' ? running.since.getTime() : 0;
    await eventually('a claim lease and a half to pass', async () => (Date.now() > since + claimLeaseMs * 1.5 ? true : null));
    expect(await observer.getClaim(key, new Date())).toMatchObject({ outcome: 'running', by: winner });
    await press(loser.id === 'U0BOB' ? b : a, messageTs, 'U0CAROL', 'carol-1');
    expect(text(await ephemeralTo(fake, 'carol-1'))).toContain('This button is already running.');

    const finished = await eventually('the action to finish', async () => {
      const claim = await observer.getClaim(key, new Date());
      return claim?.outcome === 'done' ? claim : null;
    });
    expect(finished).toMatchObject({ outcome: 'done', by: winner });
    const events = (await observer.listTimeline({ channel: 'C0INCIDENT', limit: 50 })).events;
    expect(events.filter((e) => e.kind === 'button-pressed').map((e) => e.actor.id)).toEqual([winner]);
    expect(events.filter((e) => e.kind === 'action-refused').map((e) => e.details)).toContainEqual({ actionId: 'status.refresh', reason: 'already-running', by: winner });
    expect(accepted).toHaveLength(1);
  }, 120_000);

  it('reports the claim of a replica killed mid-action, and lets the other take it over after its lease', async () => {
    const [a, b] = replicas as [Replica, Replica];
    const messageTs = `${nowSeconds()}.000200`;
    const key = buttonClaimKey('C0INCIDENT', messageTs, 'status.refresh:0', 'lab');
    const connectionsBefore = accepted.length;
    await press(a, messageTs, 'U0ALICE', 'alice-2');
    await eventually('replica A to be mid-action', async () => (accepted.length > connectionsBefore && (await observer.getClaim(key, new Date()))?.outcome === 'running' ? true : null));
    a.child.kill('SIGKILL');
    await new Promise((resolve) => a.child.once('exit', resolve));

    const died = await eventually('the claim to show its holder died', async () => {
      const claim = await observer.getClaim(key, new Date());
      return claim?.outcome === 'holder-died' ? claim : null;
    });
    expect(died).toMatchObject({ outcome: 'holder-died', by: 'U0ALICE' });

    await press(b, messageTs, 'U0BOB', 'bob-2');
    expect(text(await ephemeralTo(fake, 'bob-2'))).toContain('An earlier press of this button was running on a bot process that stopped answering; running it again.');
    const done = await eventually('the taken-over action to finish', async () => {
      const claim = await observer.getClaim(key, new Date());
      return claim?.outcome === 'done' ? claim : null;
    });
    expect(done).toMatchObject({ by: 'U0BOB' });
  }, 120_000);
});
