import { randomUUID } from 'node:crypto';
import type { SqlStore } from '../../src/store/sql-store';
import type { PlannedStep } from '../../src/store/step-journal';

/** A backend under test: a fresh, empty database per call, opened as a store. */
export interface ContractBackend {
  readonly name: string;
  /** Opens a store on a fresh database; `again(options)` opens another store (another process's view) on the same one. */
  fresh(options?: { holder?: string; claimLeaseMs?: number }): Promise<ContractDatabase>;
}

export interface ContractDatabase {
  readonly store: SqlStore;
  again(options?: { holder?: string; claimLeaseMs?: number }): SqlStore;
  close(): Promise<void>;
}

const t0 = new Date('2026-11-30T08:00:00Z');
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
