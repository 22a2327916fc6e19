import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import type { StoredEvent } from '../../src/store/store';
import { defaultOutboxOptions } from '../../src/timeline/outbox';
import type { RecordedCall } from '../helpers/fake-slack';
import { useTestLab } from '../helpers/lab';
import { useTwoReplicas, type Replica } from '../helpers/two-replicas';
import { attemptUntil, DEFAULT_DEADLINES, nodeAnswerBoundMs, SCHEDULING_SLACK_MS } from '../helpers/wait-for';
import { pollLog } from '../watch/poll-log';

/*
 * Two real `rmq-bot serve` processes with watch mode on one PostgreSQL and a real 3-node lab: only
 * the lease holder polls; after kill -9 of it the other takes over within the lease TTL and records
 * the node-down of a crash that happened while nobody polled, once.
 */
jest.setTimeout(300_000);

const INTERVAL_MS = 2_000;
const LEASE_MS = 6_000;
const CHANNEL = 'C0INCIDENT';
/** The dead leader's lease lapses, the next tick takes it, and that poll (or the one after a poll in flight) sees the change. */
const takeoverBoundMs = LEASE_MS + INTERVAL_MS + 2 * nodeAnswerBoundMs(DEFAULT_DEADLINES) + SCHEDULING_SLACK_MS;

const pollsStarted = (replica: Replica) => pollLog(replica.output().split('\n')).filter((e) => e.msg === 'watch: poll started').length;

describe('watch mode in two rmq-bot serve replicas on one PostgreSQL', () => {
  const lab = useTestLab({ nodes: 3 });
  const bots = useTwoReplicas(
    'rmq-watch-replicas-',
    () => ({ ...(parse(readFileSync(lab().configPath, 'utf8')) as Record<string, unknown>), deadlines: DEFAULT_DEADLINES, watch: { intervalMs: INTERVAL_MS, leaseMs: LEASE_MS, channels: { lab: CHANNEL }, openIncidentOn: ['node-down'] } }),
    { logLevel: 'info' },
  );

  const lastSeq = async () => (await bots().observer.listWatchSnapshots('lab', 1))[0]?.seq ?? 0;
  const nodeDowns = async (node: string): Promise<StoredEvent[]> =>
    (await bots().observer.listTimeline({ cluster: 'lab', limit: 500 })).events.filter((e) => e.kind === 'cluster-change' && e.details.change === 'node-down' && e.details.node === node);

  it('only the lease holder polls; after kill -9 of it the other takes over and records a crash once', async () => {
    // Both replicas start cold (process start, store migration, first SSH connects): a generous bound in polls.
    expect(await attemptUntil(lastSeq, (seq) => seq >= 3, Math.ceil((60_000 + 3 * takeoverBoundMs) / 250))).toBeGreaterThanOrEqual(3);
    const { replicas } = bots();
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

    const { observer, fake } = bots();
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
