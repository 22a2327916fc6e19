import type { Actor, CommandContext } from '../commands/types';
import type { ClusterConfig } from '../config/schema';
import { buildMutation, describeMutationProblem } from '../mutations/mutation-command';
import { describeExecution, describeOutcome } from '../mutations/mutation-executor';
import type { LeaseFence, StepRecord } from '../store/step-journal';
import { resolveConfiguredNode } from '../rabbit/rabbitmqctl-command';
import { UserFacingError } from '../errors/user-facing-error';
import { err, ok, type Result } from '../result';
import { pickClusters } from '../inspect/pick-clusters';
import { checkAbort, checkApprove, checkConfirm, checkRunnable, describeRefusal, type DecisionRefusal } from './decide';
import type { Check, RunbookDefinition, RunbookEnv, StepDefinition } from './definition';
import { loadRunbook, openRunbook, recordRunbookEvent } from './runbook-log';
import { phaseOf, type RunbookKind, type RunbookState } from './runbook-state';
import type { RunbookView } from './runbook-reply';

export type RunbookCatalog = ReadonlyMap<RunbookKind, RunbookDefinition>;

/** The lease that makes one mutating runbook per cluster; its holder is the runbook id. */
export const mutateLease = (cluster: string): string => `mutate:${cluster}`;

const VERIFY_POLL_MS = 1_000;

/**
 * What a step's journal record says about going on: null to verify (it completed, or it may have
 * run and only the node can say), else why the step failed without anything to verify.
 */
function failureOf(record: StepRecord | null): string | null {
  if (record === null) return 'the step was never planned';
  if (record.state === 'planned') return 'the step was not sent (another holder took the cluster\'s mutation lease)';
  const outcome = record.outcome;
  if (outcome === null || outcome.kind === 'outcome-unknown') return null;
  if (outcome.kind === 'not-sent') return `nothing reached the node (${outcome.reason}); fix the connection, then resume`;
  return outcome.exitCode === 0 ? null : `exit code ${outcome.exitCode}${outcome.outputExcerpt ? `: ${outcome.outputExcerpt.split('\n').slice(-3).join(' ')}` : ''}`;
}

function configuredNodeName(cluster: ClusterConfig, word: string): Result<string, string> {
  const resolved = resolveConfiguredNode(cluster, word);
  return resolved.ok ? ok(resolved.value.name) : err(describeMutationProblem(resolved.error));
}

const clusterOf = (ctx: CommandContext, name: string): ClusterConfig => pickClusters(ctx.services.config, name)[0] as ClusterConfig;

function definitionOf(catalog: RunbookCatalog, kind: RunbookKind): RunbookDefinition {
  const definition = catalog.get(kind);
  if (!definition) throw new Error(`no runbook definition for ${kind}`);
  return definition;
}

const who = (actor: Actor) => ({ kind: 'user' as const, id: actor.id });

async function mustLoad(ctx: CommandContext, runbookId: string): Promise<RunbookState> {
  const state = await loadRunbook(ctx.services.store, runbookId);
  if (!state) throw new UserFacingError('unknown-runbook', `There is no runbook ${runbookId}.`, 'Runbook ids look like RB-7; /rmq evict, /rmq restart and /rmq rejoin open one.');
  return state;
}

/** The refusal for a decision someone made first (a double click, or the same press on another replica). */
function alreadyDecided(state: RunbookState, decision: 'confirmed' | 'approved' | 'aborted', wholeRunbook: boolean, now: Date): DecisionRefusal {
  const unknown = { by: 'someone else', at: now };
  switch (decision) {
    case 'approved':
      return { kind: 'already-approved', ...(state.approved ?? unknown) };
    case 'aborted':
      return { kind: 'closed', result: 'aborted', ...(state.closed ?? unknown) };
    case 'confirmed':
      return { kind: 'already-confirmed', ...((wholeRunbook ? state.confirmed : null) ?? unknown) };
  }
}

export interface RunbookEngine {
  open(kind: RunbookKind, clusterName: string, node: string, ctx: CommandContext): Promise<RunbookView>;
  confirm(runbookId: string, typed: string | undefined, ctx: CommandContext): Promise<RunbookView>;
  approve(runbookId: string, ctx: CommandContext): Promise<RunbookView>;
  abort(runbookId: string, ctx: CommandContext): Promise<RunbookView>;
  /** Shows a runbook; with `resume`, an operator continues it from the step where it stopped. */
  show(runbookId: string, ctx: CommandContext, resume: boolean): Promise<RunbookView>;
}

/**
 * The runbook engine: every confirmation level and every rule about who may decide is enforced
 * here, whatever drew the buttons. Steps run in order through the mutation executor under the
 * cluster's mutation lease; a step whose action was started and has no outcome is verified, never
 * sent again.
 */
export function createRunbookEngine(catalog: RunbookCatalog): RunbookEngine {
  const settings = (ctx: CommandContext) => ctx.services.config.runbooks;
  const envOf = (ctx: CommandContext, state: RunbookState): RunbookEnv => ({ cluster: clusterOf(ctx, state.cluster), node: state.node, services: ctx.services, seenSince: state.seenSince });

  async function refuse(ctx: CommandContext, state: RunbookState, refusal: DecisionRefusal): Promise<RunbookView> {
    const reason = describeRefusal(refusal, state.id);
    await recordRunbookEvent(ctx.services.store, state, {
      kind: 'runbook-decision',
      details: { runbookId: state.id, decision: 'refused', by: ctx.actor.id, reason },
      summary: `${state.id}: refused ${ctx.actor.id}: ${reason}`,
      actor: who(ctx.actor),
      channel: ctx.channel,
      at: ctx.services.now(),
    });
    return { state, refusal: reason, lines: [] };
  }

  async function recordChecks(ctx: CommandContext, state: RunbookState, step: string, checks: readonly Check[]): Promise<void> {
    for (const check of checks) {
      await recordRunbookEvent(ctx.services.store, state, {
        kind: 'runbook-check',
        details: { runbookId: state.id, step, check: check.name, passed: check.passed, detail: check.detail },
        summary: `${state.id} ${step}: ${check.passed ? 'passed' : 'FAILED'} ${check.name} — ${check.detail}`,
        actor: { kind: 'bot', id: 'runbooks' },
        channel: ctx.channel,
        at: ctx.services.now(),
      });
    }
  }

  /** Who holds the cluster's mutation lease and since when, in one sentence. */
  async function leaseHolder(ctx: CommandContext, holder: string): Promise<string> {
    const holding = await loadRunbook(ctx.services.store, holder);
    return holding ? `${holding.id} (${holding.kind} ${holding.node}, opened by ${holding.requester} at ${holding.openedAt.toISOString()})` : holder;
  }

  async function takeLease(ctx: CommandContext, state: RunbookState): Promise<{ fence: LeaseFence } | { held: string }> {
    const lease = mutateLease(state.cluster);
    const taken = await ctx.services.store.acquireLease(lease, state.id, settings(ctx).leaseMs, ctx.services.now());
    return taken.acquired ? { fence: { lease, token: taken.token } } : { held: await leaseHolder(ctx, taken.holder) };
  }

  async function close(ctx: CommandContext, state: RunbookState, result: 'done' | 'failed' | 'aborted', detail: string): Promise<RunbookState> {
    await recordRunbookEvent(ctx.services.store, state, {
      kind: 'runbook-closed',
      details: { runbookId: state.id, result, detail },
      summary: `${state.id} ${result}: ${detail}`,
      actor: who(ctx.actor),
      channel: ctx.channel,
      at: ctx.services.now(),
      key: `runbook-closed:${state.id}`,
    });
    const lease = mutateLease(state.cluster);
    const held = await ctx.services.store.acquireLease(lease, state.id, settings(ctx).leaseMs, ctx.services.now());
    if (held.acquired) await ctx.services.store.releaseLease(lease, state.id, held.token);
    return mustLoad(ctx, state.id);
  }

  /** Polls the verification until it passes or the mutation deadline is spent. */
  async function verified(step: StepDefinition, env: RunbookEnv, ctx: CommandContext): Promise<readonly Check[]> {
    const deadline = Date.now() + ctx.services.config.deadlines.mutationMs;
    for (;;) {
      const checks = await step.verify(env);
      if (checks.every((c) => c.passed) || Date.now() > deadline) return checks;
      await new Promise((resolve) => setTimeout(resolve, VERIFY_POLL_MS));
    }
  }

  /** The step record this attempt uses: a new attempt only after one that never reached the node. */
  async function currentAttempt(ctx: CommandContext, base: string): Promise<{ stepId: string; record: StepRecord | null }> {
    for (let attempt = 1; ; attempt++) {
      const stepId = `${base}#${attempt}`;
      const record = await ctx.services.store.getStep(stepId);
      if (record === null || record.outcome?.kind !== 'not-sent') return { stepId, record };
    }
  }

  function stepDone(ctx: CommandContext, state: RunbookState, index: number, step: StepDefinition, summary: string) {
    return recordRunbookEvent(ctx.services.store, state, {
      kind: 'runbook-step',
      details: { runbookId: state.id, step: step.name, index, result: 'done' },
      summary,
      actor: { kind: 'bot', id: 'runbooks' },
      channel: ctx.channel,
      at: ctx.services.now(),
      key: `runbook-step-done:${state.id}:${index}`,
    });
  }

  /** `paused`: the step waits for its own typed confirmation; nothing of it was sent. */
  async function runStep(ctx: CommandContext, state: RunbookState, index: number, step: StepDefinition, fence: LeaseFence, lines: string[]): Promise<'done' | 'failed' | 'paused'> {
    const env = envOf(ctx, state);
    const label = `step ${index + 1} (${step.title})`;
    const { stepId, record } = await currentAttempt(ctx, `${state.id}:${index}:${step.name}`);
    const failStep = async (why: string) => {
      lines.push(`✖ ${label}: ${why} — ${step.onFailure}`);
      await recordRunbookEvent(ctx.services.store, state, {
        kind: 'runbook-step',
        details: { runbookId: state.id, step: step.name, index, result: 'failed' },
        summary: `${state.id} ${label} failed: ${why}`,
        actor: { kind: 'bot', id: 'runbooks' },
        channel: ctx.channel,
        at: ctx.services.now(),
      });
      return 'failed' as const;
    };

    if (record === null || record.state === 'planned') {
      if (step.needed) {
        const needed = await step.needed(env);
        await recordChecks(ctx, state, `${step.name}:needed`, [needed]);
        if (!needed.passed) {
          lines.push(`– ${label} skipped: ${needed.detail}`);
          await stepDone(ctx, state, index, step, `${state.id} ${label} skipped: ${needed.detail}`);
          return 'done';
        }
      }
      if (step.ownConfirmation && !state.stepsConfirmed.includes(step.name)) {
        lines.push(`⚠ ${label}: ${step.ownConfirmation(env)}`);
        await recordRunbookEvent(ctx.services.store, state, {
          kind: 'runbook-step',
          details: { runbookId: state.id, step: step.name, index, result: 'awaiting-confirmation' },
          summary: `${state.id} ${label} waits for ${state.requester} to type ${state.node} once more`,
          actor: { kind: 'bot', id: 'runbooks' },
          channel: ctx.channel,
          at: ctx.services.now(),
          key: `runbook-step-awaiting:${state.id}:${index}`,
        });
        return 'paused';
      }
      const checks = await step.checks(env);
      await recordChecks(ctx, state, step.name, checks);
      for (const check of checks) lines.push(`${check.passed ? '✔' : '✖'} ${label} pre-check ${check.name}: ${check.detail}`);
      if (!checks.every((c) => c.passed)) return failStep('a pre-check failed, nothing was sent');
      const mutation = await step.mutation(env);
      if (typeof mutation === 'string') return failStep(mutation);
      const plan = buildMutation(env.cluster, mutation);
      if (!plan.ok) return failStep(describeMutationProblem(plan.error));
      await ctx.services.executor.plan(plan.value, { stepId, actor: state.requester, runbookId: state.id });
      ctx.progress({ summary: `${state.id}: ${label}: running ${plan.value.command.name} on ${plan.value.node}…`, mark: 'pending', blocks: [] });
      const execution = await ctx.services.executor.execute(stepId, fence);
      const outcome = execution.kind === 'finished' ? execution.outcome : null;
      await recordRunbookEvent(ctx.services.store, state, {
        kind: 'runbook-action',
        details: {
          runbookId: state.id,
          step: step.name,
          stepId,
          argv: [...plan.value.command.argv],
          outcome: outcome?.kind ?? 'refused',
          exitCode: outcome?.kind === 'completed' ? outcome.exitCode : null,
          durationMs: outcome?.kind === 'completed' || outcome?.kind === 'outcome-unknown' ? outcome.durationMs : null,
          outputExcerpt: outcome?.kind === 'completed' ? outcome.outputExcerpt : describeExecution(execution),
        },
        summary: `${state.id} ${label}: ${plan.value.command.argv.join(' ')} → ${describeExecution(execution)}`,
        actor: { kind: 'bot', id: 'runbooks' },
        channel: ctx.channel,
        at: ctx.services.now(),
      });
      lines.push(`${label}: \`${plan.value.command.argv.join(' ')}\` on ${plan.value.node} → ${describeExecution(execution)}`);
      const failure = failureOf(await ctx.services.store.getStep(stepId));
      if (failure !== null) return failStep(failure);
    } else {
      lines.push(
        record.outcome === null
          ? `${label}: ${record.action} on ${record.node} was sent at ${record.startedAt?.toISOString() ?? '?'} and its outcome is unknown: verifying, not sending it again`
          : `${label}: ${record.action} on ${record.node} already ran (${describeOutcome(record.outcome)}): not sending it again`,
      );
      const failure = failureOf(record);
      if (failure !== null) return failStep(failure);
    }

    const checks = await verified(step, env, ctx);
    await recordChecks(ctx, state, `${step.name}:verify`, checks);
    for (const check of checks) lines.push(`${check.passed ? '✔' : '✖'} ${label} verify ${check.name}: ${check.detail}`);
    if (!checks.every((c) => c.passed)) return failStep('the verification did not pass');
    await stepDone(ctx, state, index, step, `${state.id} ${label} done and verified`);
    return 'done';
  }

  /**
   * One person's decision, recorded once: the event's key makes a second click (or the same click
   * on another replica) a no-op, and that caller is told who decided first.
   */
  async function decide(
    ctx: CommandContext,
    runbookId: string,
    decision: 'confirmed' | 'approved' | 'aborted',
    allowed: (state: RunbookState) => Result<void, DecisionRefusal>,
    then: (state: RunbookState) => Promise<RunbookView>,
  ): Promise<RunbookView> {
    const state = await mustLoad(ctx, runbookId);
    const check = allowed(state);
    if (!check.ok) return refuse(ctx, state, check.error);
    const step = decision === 'confirmed' ? (state.awaitingStep ?? undefined) : undefined;
    const typed = decision === 'confirmed' && (state.level === 'destructive' || step !== undefined) ? ` (typed ${state.node})` : '';
    const appended = await recordRunbookEvent(ctx.services.store, state, {
      kind: 'runbook-decision',
      details: { runbookId, decision, by: ctx.actor.id, ...(step === undefined ? {} : { step }) },
      summary: `${runbookId}${step === undefined ? '' : ` step ${step}`} ${decision} by ${ctx.actor.id}${typed}`,
      actor: who(ctx.actor),
      channel: ctx.channel,
      at: ctx.services.now(),
      key: `runbook-${decision}:${runbookId}${step === undefined ? '' : `:${step}`}`,
    });
    const decided = await mustLoad(ctx, runbookId);
    return appended.appended ? then(decided) : refuse(ctx, decided, alreadyDecided(decided, decision, step === undefined, ctx.services.now()));
  }

  /** Runs the steps from where the runbook stopped. */
  async function run(ctx: CommandContext, state: RunbookState): Promise<RunbookView> {
    const runnable = checkRunnable(state, ctx.services.now(), settings(ctx).approvalTtlMs);
    if (!runnable.ok) return refuse(ctx, state, runnable.error);
    const lease = await takeLease(ctx, state);
    if ('held' in lease) return refuse(ctx, state, { kind: 'lease-held', holder: lease.held });
    const definition = definitionOf(catalog, state.kind);
    const lines: string[] = [];
    for (let index = state.stepsDone; index < definition.steps.length; index++) {
      const step = definition.steps[index] as StepDefinition;
      const renewed = await ctx.services.store.renewLease(lease.fence.lease, state.id, lease.fence.token, settings(ctx).leaseMs, ctx.services.now());
      if (!renewed) return refuse(ctx, state, { kind: 'lease-held', holder: await leaseHolder(ctx, state.id) });
      if ((await runStep(ctx, state, index, step, lease.fence, lines)) !== 'done') {
        return { state: await mustLoad(ctx, state.id), lines, refusal: null };
      }
    }
    const closed = await close(ctx, state, 'done', `every step verified. ${definition.followUp}`);
    return { state: closed, lines: [...lines, definition.followUp], refusal: null };
  }

  return {
    async open(kind, clusterName, node, ctx) {
      const cluster = clusterOf(ctx, clusterName);
      const definition = definitionOf(catalog, kind);
      const target = definition.resolveTarget ? definition.resolveTarget(ctx.services.config, cluster, node) : configuredNodeName(cluster, node);
      if (!target.ok) throw new UserFacingError('unknown-node', target.error);
      const env: RunbookEnv = { cluster, node: target.value, services: ctx.services, seenSince: null };
      ctx.progress({ summary: `${definition.title} ${env.node}: running the pre-checks…`, mark: 'pending', blocks: [] });
      const preview = await definition.preview(env);
      const runbookId = await openRunbook(
        ctx.services.store,
        cluster.name,
        {
          runbook: kind,
          node: env.node,
          level: definition.level,
          requester: ctx.actor.id,
          needsApproval: definition.level === 'destructive' && settings(ctx).requireApproval,
          seenSince: preview.seenSince?.getTime() ?? null,
        },
        ctx.services.now(),
        ctx.channel,
      );
      let state = await mustLoad(ctx, runbookId);
      await recordChecks(ctx, state, 'preview', preview.checks);
      const lease = await takeLease(ctx, state);
      if ('held' in lease) {
        state = await close(ctx, state, 'aborted', `another mutating runbook holds cluster ${cluster.name}: ${lease.held}`);
        return { state, lines: [], refusal: `${runbookId} refused: another mutating runbook holds cluster ${cluster.name}: ${lease.held}. Wait for it, or abort it.`, preview };
      }
      if (!preview.checks.every((c) => c.passed)) {
        state = await close(ctx, state, 'failed', 'a pre-check failed; nothing was done');
        return { state, lines: [], refusal: `${runbookId}: a pre-check failed, so it stops here; nothing was done.`, preview };
      }
      return { state, lines: [], refusal: null, preview };
    },

    confirm: (runbookId, typed, ctx) =>
      decide(ctx, runbookId, 'confirmed', (state) => checkConfirm(state, ctx.actor, typed), async (confirmed) =>
        phaseOf(confirmed) === 'ready' ? run(ctx, confirmed) : { state: confirmed, lines: [], refusal: null },
      ),

    approve: (runbookId, ctx) =>
      decide(ctx, runbookId, 'approved', (state) => checkApprove(state, ctx.actor, ctx.services.now(), settings(ctx).approvalTtlMs), (approved) => run(ctx, approved)),

    abort: (runbookId, ctx) =>
      decide(ctx, runbookId, 'aborted', (state) => checkAbort(state, ctx.actor), async (aborted) => ({ state: await close(ctx, aborted, 'aborted', `aborted by ${ctx.actor.id}`), lines: [], refusal: null })),

    async show(runbookId, ctx, resume) {
      const state = await mustLoad(ctx, runbookId);
      if (!resume) return { state, lines: [], refusal: null };
      if (ctx.actor.role === 'viewer') return refuse(ctx, state, { kind: 'role', needed: 'operator', held: ctx.actor.role });
      return run(ctx, state);
    },
  };
}
