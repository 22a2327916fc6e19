import { openIncident } from '../../src/timeline/incidents';
import { defaultOutboxOptions, outboxLease } from '../../src/timeline/outbox';
import { eventually, useTwoReplicas } from '../helpers/two-replicas';
import { SCHEDULING_SLACK_MS } from '../helpers/wait-for';

/**
 * Two real `rmq-bot serve` processes on one PostgreSQL and the fake Slack Web API: only the holder of
 * the outbox lease posts, and when it is killed with SIGKILL the other takes the lease once it lapses
 * and posts what is left, nothing twice.
 */
jest.setTimeout(180_000);

const channel = 'C0INCIDENT';

describe('the outbox on two serve replicas sharing PostgreSQL', () => {
  const bots = useTwoReplicas('rmq-outbox-replicas-', () => ({
    clusters: [{ name: 'lab', role: 'primary', nodes: [{ name: 'rabbit1@localhost', ssh: { host: '127.0.0.1', port: 1, user: 'rabbit', agent: true, allowUnknownHostKey: true } }] }],
  }));

  const note = (incident: string, n: number) =>
    bots().observer.appendEvent({
      at: new Date(),
      actor: { kind: 'user', id: 'U0ALICE' },
      cluster: null,
      incident,
      channel,
      kind: 'note',
      details: { text: `note ${n}` },
      summary: `note number ${n}`,
      idempotencyKey: `note:${n}`,
    });
  const posted = (n: number) => bots().fake.callsTo('chat.postMessage').filter((c) => c.answer?.ok === true && String(c.body.text).endsWith(`note number ${n}`));
  const outboxHolders = async () =>
    (await bots().observer.listTimeline({ limit: 200 })).events.filter((e) => e.kind === 'lease-acquired' && e.details.lease === outboxLease).map((e) => ({ holder: e.actor.id, at: e.at }));

  it('posts from the lease holder only and, after kill -9, from the other within the lease TTL, nothing twice', async () => {
    const { observer, fake, replicas } = bots();
    const { incident } = await openIncident(observer, { channel, title: 'two replicas', actor: { kind: 'user', id: 'U0ALICE' }, at: new Date() });
    for (let n = 1; n <= 3; n++) await note(incident.id, n);
    await eventually('the first notes to be posted', () => ([1, 2, 3].every((n) => posted(n).length === 1) ? true : null));
    const cursor = await eventually('the cursor to pass them', async () => ((await observer.outboxCursor(outboxLease)) > 0 ? true : null));
    expect(cursor).toBe(true);

    const [first] = await outboxHolders();
    const leaderPid = Number(first?.holder.split('/')[1]);
    const leader = replicas.find((r) => r.child.pid === leaderPid);
    if (!leader) throw new Error(`no replica has the pid of the outbox holder ${first?.holder}`);
    const killedAt = Date.now();
    leader.child.kill('SIGKILL');
    for (let n = 4; n <= 6; n++) await note(incident.id, n);

    await eventually('the other replica to post the rest', () => ([4, 5, 6].every((n) => posted(n).length === 1) ? true : null));
    const holders = await outboxHolders();
    const takeover = holders.find((h) => h.holder !== first?.holder);
    expect(takeover).toBeDefined();
    expect((takeover?.at.getTime() ?? Infinity) - killedAt).toBeLessThanOrEqual(defaultOutboxOptions.leaseTtlMs + defaultOutboxOptions.pollMs + SCHEDULING_SLACK_MS);
    for (let n = 1; n <= 6; n++) expect(posted(n)).toHaveLength(1);
    // The root, then six notes in its thread: no post was made twice by the two replicas.
    const posts = fake.callsTo('chat.postMessage').filter((c) => c.answer?.ok === true);
    expect(posts).toHaveLength(7);
    expect(new Set(posts.slice(1).map((p) => p.body.thread_ts))).toEqual(new Set([posts[0]?.answer?.ts]));
  });

  it('adopts, instead of reposting, a post Slack took from a holder killed before it stored the ts', async () => {
    const { observer, fake, everyReplica, startAnother } = bots();
    // Two live replicas whatever ran before: a fresh one joins the survivors.
    await startAnother();
    const { incident } = await openIncident(observer, { channel, title: 'two replicas', actor: { kind: 'user', id: 'U0ALICE' }, at: new Date() });
    // Its root is posted (and its ts stored) before the held note, whichever test ran first.
    await eventually('the root message', async () => (await observer.getIncident(incident.id))?.rootTs ?? null);
    fake.next('chat.postMessage', { kind: 'accept-and-hang' });
    await note(incident.id, 7);
    const held = await eventually('the note to reach Slack', () => posted(7)[0]);
    // Newest first: the replica that holds the lease now.
    const [{ holder } = { holder: '' }] = await outboxHolders();
    const sender = everyReplica().find((r) => r.child.pid === Number(holder.split('/')[1]));
    if (!sender) throw new Error(`no replica has the pid of the outbox holder ${holder}`);
    sender.child.kill('SIGKILL');

    // The survivor takes the lease once it lapses, finds the note by its metadata and moves on.
    const [event] = (await observer.listTimeline({ incident: incident.id, limit: 200 })).events.filter((e) => e.kind === 'note' && e.summary === 'note number 7');
    await eventually('the cursor to pass the held note', async () => ((await observer.outboxCursor(outboxLease)) >= (event?.id ?? Infinity) ? true : null));
    expect(posted(7)).toHaveLength(1);
    expect(fake.history(channel).filter((m) => m.text.endsWith('note number 7'))).toHaveLength(1);
    const searches = fake.calls.filter((c) => c.method === 'conversations.replies' && c.body.include_all_metadata === 'true');
    expect(searches.length).toBeGreaterThan(0);
    const adopted = await observer.getPost(`thread|event:${event?.id}|${event?.id}`);
    expect(adopted?.ts).toBe(held.answer?.ts);
  });
});
