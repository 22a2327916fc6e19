import type { LeaseFence, PlannedStep, StepJournal, StepOutcome, StepRecord } from '../store/step-journal';
import { UnknownNodeError } from '../transport/ssh-transport';
import type { MutatorFor, NodeMutator } from '../transport/types';
import { mutationFromRecord, type MutationPlan } from './mutation-command';
import { stepOutcomeOf } from './step-outcome';

/** Why a step was not sent. None of these touched the node. */
export type ExecutionRefusal =
  | { readonly kind: 'unknown-step'; readonly stepId: string }
  /** Started by a bot that died (or by another replica) with no outcome recorded: it may have run. */
  | { readonly kind: 'outcome-unknown'; readonly step: StepRecord }
  /** This process is sending it right now. */
  | { readonly kind: 'running'; readonly step: StepRecord }
  | { readonly kind: 'already-finished'; readonly step: StepRecord; readonly outcome: StepOutcome }
  | { readonly kind: 'stale-fence'; readonly stepId: string; readonly currentToken: number }
  | { readonly kind: 'invalid-record'; readonly stepId: string; readonly detail: string };

export type Execution = { readonly kind: 'finished'; readonly stepId: string; readonly outcome: StepOutcome } | { readonly kind: 'refused'; readonly refusal: ExecutionRefusal };

export interface MutationExecutor {
  /** Records a mutation as a planned step; nothing is sent. Idempotent on `stepId`. */
  plan(plan: MutationPlan, step: { readonly stepId: string; readonly actor: string; readonly runbookId: string | null }): Promise<StepRecord>;
  /**
   * Sends a planned step once: "started" is recorded (exactly one caller across replicas wins)
   * before the command leaves, and the outcome after. A step found started without an outcome is
   * never sent again.
   */
  execute(stepId: string, fence?: LeaseFence): Promise<Execution>;
  /** Steps started and never finished, each one to verify on the node before anyone retries it. */
  unfinished(cluster?: string): Promise<readonly StepRecord[]>;
}

export interface ExecutorDependencies {
  readonly journal: StepJournal;
  /** The only holder of mutation runners. */
  readonly mutatorFor: MutatorFor;
  readonly now: () => Date;
}

const OUTCOME_UNKNOWN = 'outcome unknown, verify before retrying';

export function createMutationExecutor({ journal, mutatorFor, now }: ExecutorDependencies): MutationExecutor {
  const inFlight = new Set<string>();

  const refusedByState = (step: StepRecord): ExecutionRefusal => {
    if (step.outcome !== null) return { kind: 'already-finished', step, outcome: step.outcome };
    return inFlight.has(step.stepId) ? { kind: 'running', step } : { kind: 'outcome-unknown', step };
  };
  const refused = (refusal: ExecutionRefusal): Execution => ({ kind: 'refused', refusal });

  return {
    plan(plan, step) {
      const planned: PlannedStep = { ...step, cluster: plan.cluster, node: plan.node, action: plan.command.name, argv: plan.command.argv };
      return journal.planStep(planned, now());
    },

    async execute(stepId, fence) {
      const step = await journal.getStep(stepId);
      if (step === null) return refused({ kind: 'unknown-step', stepId });
      if (step.state !== 'planned') return refused(refusedByState(step));
      const command = mutationFromRecord(step.action, step.argv);
      if (!command.ok) {
        const detail = command.error.kind === 'not-a-mutation' ? `${command.error.action} is not a mutation this bot knows` : command.error.message;
        return refused({ kind: 'invalid-record', stepId, detail });
      }

      // Resolved before "started" is written: a node dropped from the config since planning is a refusal, not an unknown outcome.
      let mutator: NodeMutator;
      try {
        mutator = mutatorFor(step.cluster, step.node);
      } catch (e) {
        if (e instanceof UnknownNodeError) return refused({ kind: 'invalid-record', stepId, detail: `${e.message} any more` });
        throw e;
      }

      const start = await journal.startStep(stepId, now(), fence);
      if (!start.started) {
        if (start.reason === 'unknown-step') return refused({ kind: 'unknown-step', stepId });
        if (start.reason === 'stale-fence') return refused({ kind: 'stale-fence', stepId, currentToken: start.currentToken });
        return refused(refusedByState(start.step));
      }
      inFlight.add(stepId);
      try {
        const outcome = stepOutcomeOf(await mutator.send(command.value));
        await journal.finishStep(stepId, outcome, now());
        return { kind: 'finished', stepId, outcome };
      } finally {
        inFlight.delete(stepId);
      }
    },

    unfinished(cluster) {
      return journal.listUnfinishedSteps(cluster);
    },
  };
}

/** One line for the channel or the console: what happened to the step, and what to do next. */
export function describeExecution(execution: Execution): string {
  if (execution.kind === 'finished') return `step ${execution.stepId}: ${describeOutcome(execution.outcome)}`;
  const { refusal } = execution;
  switch (refusal.kind) {
    case 'unknown-step':
      return `step ${refusal.stepId} was never planned: plan it before running it`;
    case 'outcome-unknown':
      return describeUnfinishedStep(refusal.step);
    case 'running':
      return `step ${refusal.step.stepId} (${refusal.step.action} on ${refusal.step.node}) is running now${startedAt(refusal.step)}`;
    case 'already-finished':
      return `step ${refusal.step.stepId} already ran: ${describeOutcome(refusal.outcome)}`;
    case 'stale-fence':
      return `step ${refusal.stepId} not sent: another holder took the cluster's mutation lock (token ${refusal.currentToken})`;
    case 'invalid-record':
      return `step ${refusal.stepId} not sent: ${refusal.detail}`;
  }
}

/** A step started without an outcome: what `unfinished()` lists after a restart, and why a re-run is refused. */
export function describeUnfinishedStep(step: StepRecord): string {
  return `step ${step.stepId} (${step.action} on ${step.node}) was started${startedAt(step)} and no outcome was recorded: ${OUTCOME_UNKNOWN}`;
}

const startedAt = (step: StepRecord): string => (step.startedAt ? ` at ${step.startedAt.toISOString()}` : '');

export function describeOutcome(outcome: StepOutcome): string {
  switch (outcome.kind) {
    case 'completed':
      return outcome.exitCode === 0 ? `completed in ${outcome.durationMs} ms` : `completed with exit code ${outcome.exitCode}${outcome.outputExcerpt ? `: ${outcome.outputExcerpt.split('\n')[0]}` : ''}`;
    case 'not-sent':
      return `not sent (${outcome.reason}); nothing reached the node, plan it again to retry`;
    case 'outcome-unknown':
      return `${OUTCOME_UNKNOWN} (${outcome.reason})`;
  }
}
