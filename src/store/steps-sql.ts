import { z } from 'zod';
import { appendEvent } from './events-sql';
import { currentLeaseToken } from './leases-sql';
import type { SqlExecutor } from './sql-client';
import type { SqlScope } from './sql-scope';
import type { LeaseFence, PlannedStep, StartStepResult, StepOutcome, StepRecord, StepState } from './step-journal';
import { StoreError } from './store-error';

const outcomeSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('completed'), exitCode: z.number(), durationMs: z.number(), outputExcerpt: z.string() }),
  z.strictObject({ kind: z.literal('not-sent'), reason: z.string() }),
  z.strictObject({ kind: z.literal('outcome-unknown'), reason: z.string(), durationMs: z.number() }),
]);
const stateSchema = z.enum(['planned', 'started', 'completed', 'not-sent', 'outcome-unknown']);
const argvSchema = z.array(z.string());

interface StepRow {
  step_id: string;
  cluster: string;
  node: string;
  action: string;
  argv: string;
  actor: string;
  runbook_id: string | null;
  state: string;
  planned_at: number;
  started_at: number | null;
  finished_at: number | null;
  outcome: string | null;
}

const columns = 'step_id, cluster, node, action, argv, actor, runbook_id, state, planned_at, started_at, finished_at, outcome';

function checked<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new StoreError('invalid-row', `${what} is not what the step journal writes: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

function parseJson<T>(schema: z.ZodType<T>, text: string, what: string): T {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new StoreError('invalid-row', `${what} is not JSON`);
  }
  return checked(schema, value, what);
}

function stepFromRow(row: StepRow): StepRecord {
  const state: StepState = checked(stateSchema, row.state, `state of step ${row.step_id}`);
  return {
    stepId: row.step_id,
    cluster: row.cluster,
    node: row.node,
    action: row.action,
    argv: parseJson(argvSchema, row.argv, `argv of step ${row.step_id}`),
    actor: row.actor,
    runbookId: row.runbook_id,
    state,
    plannedAt: new Date(row.planned_at),
    startedAt: row.started_at === null ? null : new Date(row.started_at),
    finishedAt: row.finished_at === null ? null : new Date(row.finished_at),
    outcome: row.outcome === null ? null : parseJson(outcomeSchema, row.outcome, `outcome of step ${row.step_id}`),
  };
}

export async function getStep(exec: SqlExecutor, stepId: string): Promise<StepRecord | null> {
  const [row] = await exec.query<StepRow>(`SELECT ${columns} FROM steps WHERE step_id = ?`, [stepId]);
  return row ? stepFromRow(row) : null;
}

async function existingStep(exec: SqlExecutor, stepId: string): Promise<StepRecord> {
  const step = await getStep(exec, stepId);
  if (!step) throw new StoreError('invalid-row', `step ${stepId} vanished while it was being written`);
  return step;
}

const stepEvent = (step: PlannedStep, at: Date) => ({
  at,
  actor: { kind: 'user' as const, id: step.actor },
  cluster: step.cluster,
  incident: null,
  channel: null,
});

/** The step row and its event are written in one transaction: the log never shows a step the journal lacks. */
export function planStep(scope: SqlScope, step: PlannedStep, now: Date): Promise<StepRecord> {
  return scope.atomically(async (exec) => {
    const inserted = await exec.run(
      `INSERT INTO steps (step_id, cluster, node, action, argv, actor, runbook_id, state, planned_at) VALUES (?, ?, ?, ?, ?, ?, ?, 'planned', ?)
       ON CONFLICT (step_id) DO NOTHING`,
      [step.stepId, step.cluster, step.node, step.action, JSON.stringify(step.argv), step.actor, step.runbookId, now.getTime()],
    );
    if (inserted === 1) {
      await appendEvent(exec, {
        ...stepEvent(step, now),
        kind: 'step-planned',
        details: { stepId: step.stepId, node: step.node, action: step.action, argv: [...step.argv], runbookId: step.runbookId },
        summary: `planned ${step.action} on ${step.node}`,
        idempotencyKey: `step:${step.stepId}:planned`,
      });
    }
    return existingStep(exec, step.stepId);
  });
}

export function startStep(scope: SqlScope, stepId: string, now: Date, fence?: LeaseFence): Promise<StartStepResult> {
  return scope.atomically(async (exec): Promise<StartStepResult> => {
    if (fence) {
      // A token other than the lease's current one means another holder took the lease since.
      const currentToken = await currentLeaseToken(exec, fence.lease);
      if (currentToken !== fence.token) return { started: false, reason: 'stale-fence', currentToken };
    }
    const started = await exec.run("UPDATE steps SET state = 'started', started_at = ?, fence_lease = ?, fence_token = ? WHERE step_id = ? AND state = 'planned'", [
      now.getTime(),
      fence?.lease ?? null,
      fence?.token ?? null,
      stepId,
    ]);
    const step = await getStep(exec, stepId);
    if (!step) return { started: false, reason: 'unknown-step' };
    if (started !== 1) return { started: false, reason: step.state === 'started' ? 'already-started' : 'already-finished', step };
    await appendEvent(exec, {
      ...stepEvent(step, now),
      kind: 'step-started',
      details: { stepId, node: step.node, action: step.action, fenceToken: fence?.token ?? null },
      summary: `started ${step.action} on ${step.node}`,
      idempotencyKey: `step:${stepId}:started`,
    });
    return { started: true };
  });
}

export function finishStep(scope: SqlScope, stepId: string, outcome: StepOutcome, now: Date): Promise<boolean> {
  return scope.atomically(async (exec) => {
    const finished = await exec.run("UPDATE steps SET state = ?, finished_at = ?, outcome = ? WHERE step_id = ? AND state = 'started'", [
      outcome.kind,
      now.getTime(),
      JSON.stringify(outcomeSchema.parse(outcome)),
      stepId,
    ]);
    if (finished !== 1) return false;
    const step = await existingStep(exec, stepId);
    await appendEvent(exec, {
      ...stepEvent(step, now),
      kind: 'step-finished',
      details: { stepId, node: step.node, action: step.action, outcome: outcome.kind },
      summary: `${step.action} on ${step.node}: ${outcome.kind}`,
      idempotencyKey: `step:${stepId}:finished`,
    });
    return true;
  });
}

export async function listUnfinishedSteps(exec: SqlExecutor, cluster?: string): Promise<readonly StepRecord[]> {
  const rows =
    cluster === undefined
      ? await exec.query<StepRow>(`SELECT ${columns} FROM steps WHERE state = 'started' ORDER BY started_at, step_id`)
      : await exec.query<StepRow>(`SELECT ${columns} FROM steps WHERE state = 'started' AND cluster = ? ORDER BY started_at, step_id`, [cluster]);
  return rows.map(stepFromRow);
}
