import { randomUUID } from 'node:crypto';
import { migrations } from '../../src/store/migrations';
import type { SqlStore } from '../../src/store/sql-store';
import type { PlannedStep } from '../../src/store/step-journal';
import type { NewEvent } from '../../src/store/store';
import { raceTwoProcesses } from './claim-race';

/** A backend under test: a fresh, empty database per call, opened as a store. */
export interface ContractBackend {
  readonly name: 'sqlite' | 'postgres';
  /** Opens a store on a fresh database; `again(options)` opens another store (another process's view) on the same one. */
  fresh(options?: { holder?: string; claimLeaseMs?: number }): Promise<ContractDatabase>;
}

export interface ContractDatabase {
  readonly store: SqlStore;
  /** The SQLite file or PostgreSQL URL, for a child process to open. */
  readonly target: string;
  again(options?: { holder?: string; claimLeaseMs?: number }): SqlStore;
  close(): Promise<void>;
}

// In the past, so buttons "valid" at these test times have long expired by the wall clock and the
// stores' real-time claim heartbeats never touch them.
const t0 = new Date('2020-03-01T08:00:00Z');
const at = (ms: number) => new Date(t0.getTime() + ms);

const plannedStep = (overrides: Partial<PlannedStep> = {}): PlannedStep => ({
  stepId: `step-${randomUUID()}`,
  cluster: 'lab',
  node: 'rabbit@one',
  action: 'stop_app',
  argv: ['rabbitmqctl', 'stop_app'],
  actor: 'U0ALICE',
  runbookId: null,
  ...overrides,
});

/** The step journal's contract, shared by every backend. */
export function describeStepJournalContract(backend: () => ContractBackend): void {
  describe('step journal', () => {
    let db: ContractDatabase;
    beforeEach(async () => {
      db = await backend().fresh();
    });
    afterEach(async () => {
      await db.close();
    });

    it('records a planned step once, whatever the number of plans with its id', async () => {
      const step = plannedStep({ argv: ['rabbitmqctl', 'forget_cluster_node', 'rabbit@two'], runbookId: 'rb-1' });
      const first = await db.store.planStep(step, at(0));
      const again = await db.store.planStep({ ...step, node: 'rabbit@other' }, at(1000));
      expect(first).toEqual({ ...step, state: 'planned', plannedAt: at(0), startedAt: null, finishedAt: null, outcome: null });
      expect(again).toEqual(first);
      const events = await db.store.listTimeline({ cluster: 'lab', limit: 10 });
      expect(events.events.map((e) => e.kind)).toEqual(['step-planned']);
    });

    it('lets exactly one of many concurrent callers start a step', async () => {
      const step = plannedStep();
      await db.store.planStep(step, at(0));
      const other = db.again();
      try {
        const results = await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? other : db.store).startStep(step.stepId, at(10 + i))));
        expect(results.filter((r) => r.started)).toHaveLength(1);
        for (const r of results.filter((r) => !r.started)) expect(r).toMatchObject({ started: false, reason: 'already-started' });
      } finally {
        await other.close();
      }
      expect(await db.store.getStep(step.stepId)).toMatchObject({ state: 'started', finishedAt: null });
    });

    it('finishes only a started step, once', async () => {
      const step = plannedStep();
      await db.store.planStep(step, at(0));
      const outcome = { kind: 'completed' as const, exitCode: 0, durationMs: 1200, outputExcerpt: 'Stopping rabbit application on node rabbit@one ...' };
      expect(await db.store.finishStep(step.stepId, outcome, at(5))).toBe(false);
      expect(await db.store.startStep(step.stepId, at(10))).toEqual({ started: true });
      expect(await db.store.finishStep(step.stepId, outcome, at(20))).toBe(true);
      expect(await db.store.finishStep(step.stepId, { kind: 'not-sent', reason: 'again' }, at(30))).toBe(false);
      expect(await db.store.getStep(step.stepId)).toMatchObject({ state: 'completed', startedAt: at(10), finishedAt: at(20), outcome });
      expect(await db.store.startStep(step.stepId, at(40))).toMatchObject({ started: false, reason: 'already-finished', step: { state: 'completed' } });
      expect(await db.store.finishStep('no-such-step', outcome, at(50))).toBe(false);
      expect(await db.store.startStep('no-such-step', at(50))).toEqual({ started: false, reason: 'unknown-step' });
    });

    it('lists the steps that started and never finished, by cluster', async () => {
      const running = plannedStep();
      const otherCluster = plannedStep({ cluster: 'prod' });
      const finished = plannedStep();
      const planned = plannedStep();
      for (const s of [running, otherCluster, finished, planned]) await db.store.planStep(s, at(0));
      for (const s of [running, otherCluster, finished]) await db.store.startStep(s.stepId, at(10));
      await db.store.finishStep(finished.stepId, { kind: 'outcome-unknown', reason: 'connection lost', durationMs: 300 }, at(20));
      expect((await db.store.listUnfinishedSteps('lab')).map((s) => s.stepId)).toEqual([running.stepId]);
      expect((await db.store.listUnfinishedSteps()).map((s) => s.stepId).sort()).toEqual([running.stepId, otherCluster.stepId].sort());
      expect((await db.store.getStep(finished.stepId))?.outcome).toEqual({ kind: 'outcome-unknown', reason: 'connection lost', durationMs: 300 });
    });

    it('refuses to start a step under a fencing token a newer lease holder replaced', async () => {
      const step = plannedStep();
      await db.store.planStep(step, at(0));
      const old = await db.store.acquireLease('mutate:lab', 'replica-a', 1000, at(0));
      if (!old.acquired) throw new Error('the first acquisition must succeed');
      const newer = await db.store.acquireLease('mutate:lab', 'replica-b', 1000, at(2000));
      if (!newer.acquired) throw new Error('a lapsed lease must be acquirable');
      expect(newer.token).toBeGreaterThan(old.token);
      expect(await db.store.startStep(step.stepId, at(2100), { lease: 'mutate:lab', token: old.token })).toEqual({ started: false, reason: 'stale-fence', currentToken: newer.token });
      expect(await db.store.startStep(step.stepId, at(2200), { lease: 'mutate:lab', token: newer.token })).toEqual({ started: true });
      const events = await db.store.listTimeline({ cluster: 'lab', limit: 10 });
      expect(events.events.map((e) => e.kind)).toEqual(['step-started', 'step-planned']);
    });
  });
}

const note = (key: string, ms: number, overrides: Partial<NewEvent> = {}): NewEvent => ({
  at: at(ms),
  actor: { kind: 'user', id: 'U0ALICE' },
  cluster: 'lab',
  incident: null,
  channel: 'C0INCIDENT',
  kind: 'note',
  details: { text: `note ${key}` },
  summary: `note ${key}`,
  idempotencyKey: key,
  ...overrides,
} as NewEvent);

/** Claims, leases, the event log, purge and transactions: the guarantees every backend gives. */
export function describeStoreContract(backend: () => ContractBackend): void {
  let db: ContractDatabase;
  const others: SqlStore[] = [];
  const another = (options?: { holder?: string; claimLeaseMs?: number }) => {
    const store = db.again(options);
    others.push(store);
    return store;
  };
  beforeEach(async () => {
    db = await backend().fresh({ holder: 'replica-a', claimLeaseMs: 1000 });
  });
  afterEach(async () => {
    await Promise.all(others.splice(0).map((s) => s.close()));
    await db.close();
  });

  describe('claims', () => {
    it('has exactly one winner among 50 concurrent presses from two processes', async () => {
      const outcomes = await raceTwoProcesses(backend().name, db.target, 'C0INCIDENT:1.2:status.refresh:lab', 25);
      expect(outcomes).toHaveLength(50);
      expect(outcomes.filter((o) => o === 'claimed')).toHaveLength(1);
      expect(outcomes.filter((o) => o === 'running')).toHaveLength(49);
    }, 60_000);

    it('tells a later presser who runs it, then who ran it and with what result', async () => {
      const expires = at(60_000);
      expect(await db.store.claimAction('k', 'U0ALICE', at(0), expires)).toEqual({ outcome: 'claimed' });
      expect(await db.store.claimAction('k', 'U0BOB', at(100), expires)).toEqual({ outcome: 'running', by: 'U0ALICE', holder: 'replica-a', since: at(0) });
      await db.store.finishAction('k', at(200), 'lab: 3 of 3 nodes up');
      expect(await db.store.claimAction('k', 'U0BOB', at(300), expires)).toEqual({ outcome: 'done', by: 'U0ALICE', at: at(200), summary: 'lab: 3 of 3 nodes up' });
      expect(await db.store.claimAction('never-pressed', 'U0BOB', at(70_000), expires)).toEqual({ outcome: 'expired', expiredAt: expires });
    });

    it('reports a claim whose holder died and lets one later press take it over after its lease', async () => {
      const expires = at(60_000);
      const b = another({ holder: 'replica-b', claimLeaseMs: 1000 });
      await db.store.claimAction('k', 'U0ALICE', at(0), expires);
      // replica-a never renews (these times are in the past for its heartbeat): its lease lapses at +1 s.
      expect(await b.claimAction('k', 'U0BOB', at(999), expires)).toMatchObject({ outcome: 'running', by: 'U0ALICE' });
      expect(await b.getClaim('k', at(1500))).toEqual({ outcome: 'holder-died', by: 'U0ALICE', holder: 'replica-a', since: at(0), leaseLapsedAt: at(1000) });
      const presses = await Promise.all([b.claimAction('k', 'U0BOB', at(1500), expires), b.claimAction('k', 'U0CAROL', at(1500), expires)]);
      expect(presses.filter((p) => p.outcome === 'claimed')).toEqual([{ outcome: 'claimed', takenOver: { by: 'U0ALICE', holder: 'replica-a', since: at(0) } }]);
      expect(await db.store.getClaim('k', at(1600))).toMatchObject({ outcome: 'running', holder: 'replica-b' });
      const [takeover] = (await db.store.listTimeline({ limit: 5 })).events;
      expect(takeover).toMatchObject({ kind: 'claim-taken-over', actor: { kind: 'bot', id: 'replica-b' }, details: { claimKey: 'k', previousBy: 'U0ALICE', previousHolder: 'replica-a', since: at(0).getTime() } });
      // Once the button expired, a dead holder's claim is only reported.
      await b.claimAction('other', 'U0BOB', at(0), at(5000));
      expect(await db.store.claimAction('other', 'U0ALICE', at(6000), at(5000))).toMatchObject({ outcome: 'holder-died', holder: 'replica-b' });
    });

    it('marks a one-shot key seen once across stores, and never lets it be taken over', async () => {
      const b = another({ holder: 'replica-b', claimLeaseMs: 1000 });
      const seen = await Promise.all([db.store.markSeen('slack-request:v0=1', at(0), at(360_000)), b.markSeen('slack-request:v0=1', at(0), at(360_000))]);
      expect(seen.sort()).toEqual([false, true]);
      expect(await b.markSeen('slack-request:v0=1', at(10_000), at(360_000))).toBe(false);
      expect(await b.claimAction('slack-request:v0=1', 'U0MALLORY', at(10_000), at(360_000))).toMatchObject({ outcome: 'done' });
    });

    it('gives a released press back', async () => {
      await db.store.claimAction('k', 'U0ALICE', at(0), at(60_000));
      await db.store.releaseAction('k');
      expect(await db.store.claimAction('k', 'U0BOB', at(10), at(60_000))).toEqual({ outcome: 'claimed' });
    });

    it('purges spent claims and replay keys after the retention, never a live or still valid one', async () => {
      const day = 24 * 3600_000;
      await db.store.claimAction('spent', 'U0ALICE', at(0), at(1000));
      await db.store.finishAction('spent', at(500), 'done');
      await db.store.claimAction('slack-request:v0=abc', 'slack-receiver', at(0), at(1000));
      await db.store.claimAction('valid', 'U0ALICE', at(0), at(2 * day));
      expect(await db.store.purge(at(1000 + day - 1), day)).toEqual({ claims: 0 });
      expect(await db.store.purge(at(1000 + day + 1), day)).toEqual({ claims: 2 });
      expect(await db.store.getClaim('spent', at(0))).toBeNull();
      expect(await db.store.getClaim('valid', at(0))).toMatchObject({ outcome: 'running' });
    });
  });

  describe('leases', () => {
    it('hands a lease to one holder, with a token that grows at every acquisition', async () => {
      const a = await db.store.acquireLease('mutate:lab', 'replica-a', 1000, at(0));
      expect(a).toEqual({ acquired: true, token: 1, expiresAt: at(1000) });
      expect(await db.store.acquireLease('mutate:lab', 'replica-b', 1000, at(500))).toEqual({ acquired: false, holder: 'replica-a', token: 1, expiresAt: at(1000) });
      // The holder asking again keeps its token and extends the lease.
      expect(await db.store.acquireLease('mutate:lab', 'replica-a', 1000, at(600))).toEqual({ acquired: true, token: 1, expiresAt: at(1600) });
      expect(await db.store.renewLease('mutate:lab', 'replica-a', 1, 1000, at(1500))).toBe(true);
      const b = await db.store.acquireLease('mutate:lab', 'replica-b', 1000, at(2600));
      expect(b).toEqual({ acquired: true, token: 2, expiresAt: at(3600) });
      // The old holder learns it lost the lease; its release changes nothing.
      expect(await db.store.renewLease('mutate:lab', 'replica-a', 1, 1000, at(2700))).toBe(false);
      expect(await db.store.releaseLease('mutate:lab', 'replica-a', 1)).toBe(false);
      expect(await db.store.releaseLease('mutate:lab', 'replica-b', 2)).toBe(true);
      expect(await db.store.acquireLease('mutate:lab', 'replica-a', 1000, at(2800))).toMatchObject({ acquired: true, token: 3 });
      // One event per acquisition and release, none for the holder asking again.
      const events = (await db.store.listTimeline({ limit: 10 })).events.map((e) => [e.kind, e.details]);
      expect(events).toEqual([
        ['lease-acquired', { lease: 'mutate:lab', holder: 'replica-a', token: 3 }],
        ['lease-released', { lease: 'mutate:lab', holder: 'replica-b', token: 2 }],
        ['lease-acquired', { lease: 'mutate:lab', holder: 'replica-b', token: 2 }],
        ['lease-acquired', { lease: 'mutate:lab', holder: 'replica-a', token: 1 }],
      ]);
    });

    it('gives a lapsed lease to exactly one of many concurrent takers', async () => {
      const b = another({ holder: 'replica-b' });
      const results = await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? b : db.store).acquireLease('watch:lab', `taker-${i}`, 1000, at(0))));
      expect(results.filter((r) => r.acquired)).toHaveLength(1);
    });
  });

  describe('watch state', () => {
    it('keeps one on/off switch that every replica reads', async () => {
      expect(await db.store.getWatchSwitch()).toBeNull();
      await db.store.setWatchSwitch({ on: false, by: 'U1', at: at(0) });
      await another().setWatchSwitch({ on: true, by: 'U2', at: at(10) });
      expect(await db.store.getWatchSwitch()).toEqual({ on: true, by: 'U2', at: at(10) });
    });

    it('saves a poll once under the current lease token, refuses a replaced holder, and keeps the newest snapshots only', async () => {
      const a = await db.store.acquireLease('watch', 'replica-a', 1000, at(0));
      if (!a.acquired) throw new Error('lease not acquired');
      const fenceA = { lease: 'watch', token: a.token };
      const poll = (seq: number) => ({ cluster: 'lab', seq, takenAt: at(seq), body: `{"seq":${seq}}` });
      expect(await db.store.saveWatchSnapshot(poll(1), fenceA, 2)).toEqual({ saved: true });
      expect(await db.store.saveWatchSnapshot(poll(1), fenceA, 2)).toEqual({ saved: false, reason: 'already-saved' });
      const b = await another({ holder: 'replica-b' }).acquireLease('watch', 'replica-b', 1000, at(5000));
      expect(b.acquired).toBe(true);
      expect(await db.store.saveWatchSnapshot(poll(2), fenceA, 2)).toEqual({ saved: false, reason: 'stale-fence', currentToken: a.token + 1 });
      const fenceB = { lease: 'watch', token: a.token + 1 };
      for (const seq of [2, 3, 4]) expect(await db.store.saveWatchSnapshot(poll(seq), fenceB, 2)).toEqual({ saved: true });
      expect((await db.store.listWatchSnapshots('lab', 10)).map((r) => r.seq)).toEqual([4, 3]);
      expect(await db.store.listWatchSnapshots('other', 10)).toEqual([]);
    });
  });

  describe('samples', () => {
    const sample = (series: string, ms: number, value: number, cluster = 'lab') => ({ cluster, series, at: at(ms), value });

    it('keeps each cluster\'s samples oldest first, fractions intact, a repeated save once', async () => {
      const rows = [sample('publish', 0, 19.8), sample('ready', 0, 3), sample('publish', 5000, 0), sample('load-per-cpu:rabbit1@localhost', 5000, 2.25)];
      await db.store.saveSamples('lab', rows, at(0));
      await another().saveSamples('lab', [sample('publish', 5000, 7)], at(0));
      await db.store.saveSamples('other', [sample('publish', 5000, 1, 'other')], at(0));
      expect(await db.store.listSamples('lab', at(0))).toEqual([rows[0], rows[1], rows[3], rows[2]]);
      expect(await db.store.listSamples('lab', at(1))).toEqual([rows[3], rows[2]]);
    });

    it('drops the cluster\'s rows older than its retention on every save, other clusters untouched', async () => {
      await db.store.saveSamples('lab', [sample('publish', 0, 1), sample('publish', 10_000, 2)], at(0));
      await db.store.saveSamples('other', [sample('publish', 0, 1, 'other')], at(0));
      await db.store.saveSamples('lab', [sample('publish', 20_000, 3)], at(10_000));
      expect((await db.store.listSamples('lab', at(0))).map((s) => s.value)).toEqual([2, 3]);
      expect(await db.store.listSamples('other', at(0))).toHaveLength(1);
    });
  });

  describe('event log', () => {
    it('stores an event appended twice with one idempotency key once', async () => {
      const first = await db.store.appendEvent(note('retried', 0));
      const second = await db.store.appendEvent(note('retried', 5, { summary: 'a different summary' }));
      expect(first.appended).toBe(true);
      expect(second).toEqual({ id: first.id, appended: false });
      const page = await db.store.listTimeline({ channel: 'C0INCIDENT', limit: 10 });
      expect(page.events).toEqual([{ ...note('retried', 0), id: first.id }]);
    });

    it('lists the newest first, one page at a time, filtered by channel, cluster or incident', async () => {
      for (let i = 0; i < 5; i++) await db.store.appendEvent(note(`n${i}`, i));
      await db.store.appendEvent(note('elsewhere', 10, { channel: 'console', cluster: 'prod', incident: 'inc-1' }));
      const first = await db.store.listTimeline({ channel: 'C0INCIDENT', limit: 2 });
      expect(first.events.map((e) => e.idempotencyKey)).toEqual(['n4', 'n3']);
      const second = await db.store.listTimeline({ channel: 'C0INCIDENT', limit: 2, before: first.nextBefore ?? undefined });
      const third = await db.store.listTimeline({ channel: 'C0INCIDENT', limit: 2, before: second.nextBefore ?? undefined });
      expect([...second.events, ...third.events].map((e) => e.idempotencyKey)).toEqual(['n2', 'n1', 'n0']);
      expect(third.nextBefore).toBeNull();
      expect((await db.store.listTimeline({ incident: 'inc-1', limit: 5 })).events.map((e) => e.idempotencyKey)).toEqual(['elsewhere']);
      expect((await db.store.listTimeline({ cluster: 'lab', limit: 50 })).events).toHaveLength(5);
    });

    it('keeps the kind and its details together, refusing details that do not match the kind', async () => {
      const pressed: NewEvent = { ...note('p', 0), kind: 'button-pressed', details: { actionId: 'status.refresh', value: 'lab', reply: 'lab: 3 of 3 up' }, actor: { kind: 'bot', id: 'rmq-bot' } };
      await db.store.appendEvent(pressed);
      expect((await db.store.listTimeline({ limit: 1 })).events[0]).toMatchObject({ kind: 'button-pressed', details: pressed.details, actor: { kind: 'bot', id: 'rmq-bot' } });
      const wrong = { ...note('bad', 0), kind: 'button-pressed', details: { text: 'not a press' } } as unknown as NewEvent;
      await expect(db.store.appendEvent(wrong)).rejects.toMatchObject({ name: 'StoreError', code: 'invalid-event' });
    });
  });

  describe('transactions', () => {
    it('commits all or nothing', async () => {
      await db.store.transaction(async (tx) => {
        await tx.appendEvent(note('kept', 0));
        await tx.claimAction('k', 'U0ALICE', at(0), at(1000));
      });
      await expect(
        db.store.transaction(async (tx) => {
          await tx.appendEvent(note('lost', 1));
          throw new Error('changed my mind');
        }),
      ).rejects.toThrow('changed my mind');
      expect((await db.store.listTimeline({ limit: 10 })).events.map((e) => e.idempotencyKey)).toEqual(['kept']);
      expect(await db.store.getClaim('k', at(10))).toMatchObject({ outcome: 'running' });
    });

    it('serializes concurrent read-then-write transactions from two stores', async () => {
      const b = another({ holder: 'replica-b' });
      // Each reads how many notes exist and appends the next number: a lost update would repeat one.
      const appendNext = (store: SqlStore) =>
        store.transaction(async (tx) => {
          const { events } = await tx.listTimeline({ channel: 'counter', limit: 1000 });
          await tx.appendEvent(note(`count-${events.length}`, events.length, { channel: 'counter' }));
        });
      await Promise.all(Array.from({ length: 16 }, (_, i) => appendNext(i % 2 ? b : db.store)));
      const keys = (await db.store.listTimeline({ channel: 'counter', limit: 100 })).events.map((e) => e.idempotencyKey);
      expect(keys).toEqual(Array.from({ length: 16 }, (_, i) => `count-${15 - i}`));
    }, 60_000);
  });

  describe('migrations', () => {
    it('migrates an empty database to the latest version once, even when two stores open it together', async () => {
      const fresh = await backend().fresh();
      const twin = fresh.again();
      try {
        await Promise.all([fresh.store.opened(), twin.opened()]);
        expect(await fresh.store.schemaVersions()).toEqual(migrations.map((m) => m.version));
      } finally {
        await twin.close();
        await fresh.close();
      }
    });
  });
}

/** Incidents, timeline posts and the outbox cursor: the timeline's part of the contract. */
export function describeTimelineContract(backend: () => ContractBackend): void {
  describe('incidents and the outbox', () => {
    let db: ContractDatabase;
    const others: SqlStore[] = [];
    beforeEach(async () => {
      db = await backend().fresh({ holder: 'replica-a' });
    });
    afterEach(async () => {
      await Promise.all(others.splice(0).map((s) => s.close()));
      await db.close();
    });
    const incident = (id: string, channel = 'C0INCIDENT') => ({ id, channel, title: `title ${id}`, openedBy: 'U0ALICE', openedAt: at(0) });

    it('keeps one open incident per channel when replicas open at once, and a new one after it closes', async () => {
      const b = db.again({ holder: 'replica-b' });
      others.push(b);
      const [first, second] = await Promise.all([db.store.openIncident(incident('inc-a')), b.openIncident(incident('inc-b'))]);
      expect([first.opened, second.opened].sort()).toEqual([false, true]);
      expect(first.incident.id).toBe(second.incident.id);
      expect((await db.store.openIncident(incident('inc-c', 'C0OTHER'))).opened).toBe(true);
      await db.store.closeIncident(first.incident.id, at(5_000));
      expect(await db.store.openIncidentIn('C0INCIDENT')).toBeNull();
      expect((await db.store.openIncident(incident('inc-d'))).opened).toBe(true);
      await db.store.setIncidentRoot('inc-d', '1.000100');
      await db.store.setIncidentRoot('inc-d', '2.000200');
      expect(await db.store.getIncident('inc-d')).toMatchObject({ rootTs: '1.000100', closedAt: null });
      expect((await db.store.listIncidents('C0INCIDENT')).map((i) => i.id).sort()).toEqual([first.incident.id, 'inc-d'].sort());
    });

    it('refuses post and cursor writes from a holder whose outbox lease was taken over', async () => {
      const a = await db.store.acquireLease('outbox', 'replica-a', 1_000, at(0));
      if (!a.acquired) throw new Error('first acquisition failed');
      const post = { postKey: 'p1', coalesceKey: 'k', channel: 'C0INCIDENT', ts: '1.000100', threadTs: null, firstEventId: 1, lastEventId: 3, count: 3, firstAt: at(0), lastAt: at(900) };
      expect(await db.store.savePost(post, { lease: 'outbox', token: a.token })).toBe(true);
      expect(await db.store.advanceOutbox('outbox', 3, { lease: 'outbox', token: a.token })).toBe(true);
      const b = await db.store.acquireLease('outbox', 'replica-b', 1_000, at(2_000));
      if (!b.acquired) throw new Error('takeover failed');
      expect(await db.store.savePost({ ...post, count: 99 }, { lease: 'outbox', token: a.token })).toBe(false);
      expect(await db.store.advanceOutbox('outbox', 9, { lease: 'outbox', token: a.token })).toBe(false);
      expect(await db.store.advanceOutbox('outbox', 2, { lease: 'outbox', token: b.token })).toBe(true);
      expect(await db.store.outboxCursor('outbox')).toBe(3);
      expect(await db.store.getPost('p1')).toEqual(post);
      expect(await db.store.latestPost('k', at(900))).toEqual(post);
      expect(await db.store.latestPost('k', at(901))).toBeNull();
    });

    it('keeps a pending post until its ts is saved or it is dropped, under the outbox fence', async () => {
      const a = await db.store.acquireLease('outbox', 'replica-a', 1_000, at(0));
      if (!a.acquired) throw new Error('first acquisition failed');
      const fenceA = { lease: 'outbox', token: a.token };
      const pending = { postKey: 'p1', coalesceKey: 'k', channel: 'C0INCIDENT', threadTs: '1.000100', firstEventId: 1, lastEventId: 1, count: 1, firstAt: at(0), lastAt: at(0), attemptId: 'att-1', startedAt: at(10), rootOf: null };
      expect(await db.store.markSending(pending, fenceA)).toBe(true);
      expect(await db.store.markSending({ ...pending, postKey: 'p2', attemptId: 'att-2', startedAt: at(20), rootOf: 'inc-1' }, fenceA)).toBe(true);
      expect((await db.store.listSending()).map((p) => [p.postKey, p.attemptId, p.rootOf])).toEqual([
        ['p1', 'att-1', null],
        ['p2', 'att-2', 'inc-1'],
      ]);
      const { attemptId: _a, startedAt: _s, rootOf: _r, ...post } = pending;
      expect(await db.store.savePost({ ...post, ts: '1.000200' }, fenceA)).toBe(true);
      expect((await db.store.listSending()).map((p) => p.postKey)).toEqual(['p2']);
      const b = await db.store.acquireLease('outbox', 'replica-b', 1_000, at(2_000));
      if (!b.acquired) throw new Error('takeover failed');
      expect(await db.store.markSending({ ...pending, postKey: 'p3' }, fenceA)).toBe(false);
      expect(await db.store.dropSending('p2', fenceA)).toBe(false);
      expect(await db.store.dropSending('p2', { lease: 'outbox', token: b.token })).toBe(true);
      expect(await db.store.listSending()).toEqual([]);
    });

    it('lists events after an id, oldest first', async () => {
      for (const key of ['e1', 'e2', 'e3']) await db.store.appendEvent(note(key, 0));
      const all = await db.store.listEventsAfter(0, 10);
      expect(all.map((e) => e.idempotencyKey)).toEqual(['e1', 'e2', 'e3']);
      expect((await db.store.listEventsAfter(all[0]?.id ?? 0, 1)).map((e) => e.idempotencyKey)).toEqual(['e2']);
    });
  });
}
