import { appendFileSync, mkdtempSync, readFileSync, renameSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { configSchema, logWatchSchema } from '../../src/config/schema';
import { silentLogger } from '../../src/observability/logger';
import type { SqlStore } from '../../src/store/sql-store';
import { openSqliteStore } from '../../src/store/sqlite-store';
import type { LeaseFence } from '../../src/store/step-journal';
import type { StoredEvent } from '../../src/store/store';
import { createSshTransports, type SshTransports } from '../../src/transport/ssh-transport';
import { pollClusterLogs, type LogWatchDeps } from '../../src/watch/log-watch';
import { startSshd, type TestSshd } from '../helpers/sshd';

/*
 * One poll of a cluster's logs, as watch mode runs it: over a real sshd, into a real SQLite store,
 * analyzed in the real worker. The log is a plain file the test appends real records to.
 */
jest.setTimeout(60_000);

const fixture = (file: string, first: number, last: number): string =>
  `${readFileSync(path.join(__dirname, '..', 'fixtures', 'logs', 'lab-3.10.8', file), 'utf8').split('\n').slice(first - 1, last).join('\n')}\n`;
/** 61_dead3_survivor_log_rabbit1.txt:12-13 and :4 (RabbitMQ 3.10.8 lab). */
const homeNodeDown = fixture('61_dead3_survivor_log_rabbit1.txt', 12, 13);
const nodeDown = fixture('61_dead3_survivor_log_rabbit1.txt', 4, 4);

let sshd: TestSshd;
let dir: string;
let logFile: string;
let store: SqlStore;
let transports: SshTransports;
let deps: LogWatchDeps;
const t0 = Date.parse('2026-11-30T10:00:00Z');
let clock = t0;

beforeAll(async () => {
  sshd = await startSshd();
});
afterAll(async () => {
  await sshd?.stop();
});

beforeEach(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'rmq-logwatch-'));
  logFile = path.join(dir, 'rabbit@one.log');
  writeFileSync(logFile, '2026-11-24 23:43:38.720814+00:00 [info] <0.555.0> history that is not news: rabbit on node rabbit9@localhost down\n');
  const ssh = { host: '127.0.0.1', port: sshd.port, user: 'root', privateKey: { file: sshd.clientKey.privateKeyFile }, hostKey: sshd.hostKey.publicKey };
  const config = configSchema.parse({
    clusters: [{ name: 'lab', role: 'primary', nodes: [{ name: 'rabbit@one', ssh, logFile }, { name: 'rabbit@two', ssh, logFile: path.join(dir, 'missing.log') }] }],
  });
  store = openSqliteStore(path.join(dir, 'bot.sqlite'));
  await store.opened();
  transports = createSshTransports(config);
  clock = t0;
  deps = { config, logs: logWatchSchema.parse({}), readerFor: transports.readerFor, store, now: () => new Date(clock), holder: 'replica-a', logger: silentLogger, incidents: { channels: {}, openIncidentOn: [] } };
});
afterEach(async () => {
  await transports.closeAll();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

const lease = async (holder: string): Promise<LeaseFence> => {
  const acquired = await store.acquireLease('watch', holder, 1_000, new Date(clock));
  if (!acquired.acquired) throw new Error(`${holder} did not get the lease`);
  return { lease: 'watch', token: acquired.token };
};
const sightings = async (): Promise<StoredEvent[]> => (await store.listTimeline({ cluster: 'lab', limit: 100 })).events.filter((e) => e.kind === 'log-signature');
const pollOne = async (fence: LeaseFence) => (await pollClusterLogs('lab', fence, deps)).find((p) => p.node === 'rabbit@one');

describe('one poll of a cluster\'s node logs', () => {
  it('starts at the end of the log, and a node whose log cannot be read stores nothing', async () => {
    const fence = await lease('replica-a');
    const polls = await pollClusterLogs('lab', fence, deps);
    expect(polls.find((p) => p.node === 'rabbit@one')).toMatchObject({ kind: 'read', bytes: 0, fresh: [] });
    expect(polls.find((p) => p.node === 'rabbit@two')).toMatchObject({ kind: 'failed', reason: expect.stringContaining('could not read') });
    expect(await store.getLogWatch('lab', 'rabbit@one')).toMatchObject({ offset: statSync(logFile).size, inode: String(statSync(logFile).ino) });
    expect(await store.getLogWatch('lab', 'rabbit@two')).toBeNull();
    expect(await sightings()).toEqual([]);
  });

  it('reports an appended critical record once, as a log-signature event with its excerpt', async () => {
    const fence = await lease('replica-a');
    await pollOne(fence);
    appendFileSync(logFile, homeNodeDown);
    expect(await pollOne(fence)).toMatchObject({ kind: 'read', fresh: ['queue-home-node-down'] });
    clock += 1_000;
    appendFileSync(logFile, homeNodeDown);
    expect(await pollOne(fence)).toMatchObject({ kind: 'read', fresh: [] });
    const [event, ...rest] = await sightings();
    expect(rest).toEqual([]);
    expect(event).toMatchObject({ actor: { kind: 'bot', id: 'replica-a' }, cluster: 'lab', details: { node: 'rabbit@one', signature: 'queue-home-node-down', severity: 'critical', firstSeenAt: t0, count: 1, logFile, fenceToken: fence.token } });
    expect(event?.summary).toBe("lab: rabbit@one logged [queue-home-node-down] queue home node down: queue 'cq.home3', in vhost '/', node rabbit3@localhost");
    expect(event?.kind === 'log-signature' && event.details.excerpt).toContain("durable queue 'cq.home3'");
  });

  it('joins the open incident of the cluster\'s channel, and opens one when watch.openIncidentOn lists log-signature', async () => {
    deps = { ...deps, incidents: { channels: { lab: 'C0INCIDENT' }, openIncidentOn: ['log-signature'] } };
    const fence = await lease('replica-a');
    await pollOne(fence);
    appendFileSync(logFile, homeNodeDown);
    await pollOne(fence);
    const open = await store.openIncidentIn('C0INCIDENT');
    expect(open).not.toBeNull();
    const [event] = await sightings();
    expect(event).toMatchObject({ incident: open?.id, channel: 'C0INCIDENT' });
    clock += 1_000;
    appendFileSync(logFile, nodeDown);
    await pollOne(fence);
    const events = await sightings();
    expect(events.map((e) => e.incident)).toEqual([open?.id, open?.id]);
  });

  it('leaves a partial last line for the next poll', async () => {
    const fence = await lease('replica-a');
    await pollOne(fence);
    appendFileSync(logFile, nodeDown.trimEnd());
    expect(await pollOne(fence)).toMatchObject({ kind: 'read', bytes: 0, fresh: [] });
    appendFileSync(logFile, '\n');
    expect(await pollOne(fence)).toMatchObject({ kind: 'read', bytes: Buffer.byteLength(nodeDown), fresh: ['node-down'] });
  });

  it('a replaced replica writes nothing; the new leader reads the same bytes and reports them once', async () => {
    const old = await lease('replica-a');
    await pollOne(old);
    const before = await store.getLogWatch('lab', 'rabbit@one');
    appendFileSync(logFile, nodeDown);
    clock += 60_000;
    const taken = await lease('replica-b');
    expect(await pollOne(old)).toEqual({ kind: 'stale-fence', node: 'rabbit@one' });
    expect(await store.getLogWatch('lab', 'rabbit@one')).toEqual(before);
    expect(await sightings()).toEqual([]);
    expect(await pollOne(taken)).toMatchObject({ kind: 'read', fresh: ['node-down'] });
    expect(await sightings()).toHaveLength(1);
  });

  it('after a rotation reads the new file from its start; the old file\'s last lines only when its rotated name is configured', async () => {
    const fence = await lease('replica-a');
    await pollOne(fence);
    appendFileSync(logFile, nodeDown);
    renameSync(logFile, `${logFile}.1`);
    writeFileSync(logFile, homeNodeDown);
    expect(await pollOne(fence)).toMatchObject({ kind: 'read', restarted: 'rotated', oldFile: 'not-read', fresh: ['queue-home-node-down'] });
    expect(await store.getLogWatch('lab', 'rabbit@one')).toMatchObject({ inode: String(statSync(logFile).ino), offset: statSync(logFile).size });

    deps = { ...deps, logs: logWatchSchema.parse({ rotatedSuffix: '.1' }) };
    const cookie = fixture('81_cookie_mismatch_server_log_rabbit1.txt', 1, 2);
    appendFileSync(logFile, cookie.trimEnd());
    renameSync(logFile, `${logFile}.1`);
    writeFileSync(logFile, nodeDown);
    expect(await pollOne(fence)).toMatchObject({ kind: 'read', restarted: 'rotated', oldFile: 'read', fresh: ['cookie-mismatch', 'node-down'] });
  });

  it('after a truncation reads the file from its start, and finds what was written since', async () => {
    const fence = await lease('replica-a');
    await pollOne(fence);
    appendFileSync(logFile, '2026-11-24 23:43:38.720814+00:00 [info] <0.555.0> accepting AMQP connection\n'.repeat(20));
    await pollOne(fence);
    truncateSync(logFile, 0);
    appendFileSync(logFile, nodeDown);
    expect(await pollOne(fence)).toMatchObject({ kind: 'read', restarted: 'truncated', bytes: Buffer.byteLength(nodeDown), fresh: ['node-down'] });
  });

  it('greps the new bytes on the node: chatter stays there, the critical record crosses, the cursor moves by every byte read', async () => {
    const fence = await lease('replica-a');
    await pollOne(fence);
    const chatter = '2026-11-24 23:43:38.720814+00:00 [info] <0.555.0> accepting AMQP connection <0.1234.0> (127.0.0.1:5555 -> 127.0.0.1:5672)\n'.repeat(4_000);
    const appended = chatter + homeNodeDown + chatter;
    appendFileSync(logFile, appended);
    const poll = await pollOne(fence);
    expect(poll).toMatchObject({ kind: 'read', scannedBytes: Buffer.byteLength(appended), behind: 0, fresh: ['queue-home-node-down'] });
    const { transferredBytes, scannedBytes } = poll?.kind === 'read' ? poll : { transferredBytes: Infinity, scannedBytes: 0 };
    expect(transferredBytes).toBeLessThan(scannedBytes / 10);
    expect(await store.getLogWatch('lab', 'rabbit@one')).toMatchObject({ offset: statSync(logFile).size });
    const [event] = await sightings();
    expect(event?.kind === 'log-signature' && event.details.excerpt).toContain("durable queue 'cq.home3'");
  });

  it('with more new bytes than one read takes, the cursor stops after the last whole line of the range and the rest waits', async () => {
    deps = { ...deps, config: { ...deps.config, limits: { ...deps.config.limits, maxOutputBytes: 8 * 1024 } } };
    const fence = await lease('replica-a');
    await pollOne(fence);
    const start = statSync(logFile).size;
    const appended = nodeDown.repeat(200);
    appendFileSync(logFile, appended);
    const first = await pollOne(fence);
    const scanned = first?.kind === 'read' ? first.scannedBytes : 0;
    expect(first).toMatchObject({ kind: 'read', fresh: ['node-down'], behind: Buffer.byteLength(appended) - scanned });
    expect(scanned % Buffer.byteLength(nodeDown)).toBe(0);
    expect(await store.getLogWatch('lab', 'rabbit@one')).toMatchObject({ offset: start + scanned });
    const polls = Math.ceil(Buffer.byteLength(appended) / scanned);
    for (let i = 1; i < polls; i++) expect(await pollOne(fence)).toMatchObject({ kind: 'read', fresh: [] });
    expect(await store.getLogWatch('lab', 'rabbit@one')).toMatchObject({ offset: statSync(logFile).size });
  });

  it('two polls reading the same bytes at once record one event: the key names the bytes', async () => {
    const fence = await lease('replica-a');
    await pollOne(fence);
    appendFileSync(logFile, homeNodeDown);
    const [a, b] = await Promise.all([pollOne(fence), pollOne(fence)]);
    expect([a, b]).toEqual([expect.objectContaining({ fresh: ['queue-home-node-down'] }), expect.objectContaining({ fresh: ['queue-home-node-down'] })]);
    expect(await sightings()).toHaveLength(1);
  });
});
