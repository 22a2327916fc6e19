/**
 * The durable record of mutating steps. The mutation executor writes "started" before a command is
 * sent and the outcome after, so a bot that dies in between leaves a step a restarted bot (or
 * another replica) reports as "outcome unknown, verify before retrying" and never re-sends by itself.
 * Implemented by every store backend; held to the store contract suite.
 */

/** How a mutating command ended, as far as the bot can know. */
export type StepOutcome =
  | { readonly kind: 'completed'; readonly exitCode: number; readonly durationMs: number; readonly outputExcerpt: string }
  /** Nothing reached the node (SSH unreachable, auth failed, refused before exec): safe to retry. */
  | { readonly kind: 'not-sent'; readonly reason: string }
  /** The command may have run (connection lost or deadline hit mid-command): verify before retrying. */
  | { readonly kind: 'outcome-unknown'; readonly reason: string; readonly durationMs: number };

export type StepState = 'planned' | 'started' | StepOutcome['kind'];

/** A write made under a lease carries its fencing token; the store refuses it when a newer holder exists. */
export interface LeaseFence {
  readonly lease: string;
  readonly token: number;
}

export interface PlannedStep {
  /** Unique and stable: a retried or duplicated plan with the same id is a no-op. */
  readonly stepId: string;
  readonly cluster: string;
  readonly node: string;
  /** The mutating action's name from the closed mutation module, e.g. `stop_app`, `forget_cluster_node`. */
  readonly action: string;
  /** The exact argv that will be sent (for the record and the postmortem). */
  readonly argv: readonly string[];
  readonly actor: string;
  /** The runbook this step belongs to, when it belongs to one. */
  readonly runbookId: string | null;
}

export interface StepRecord extends PlannedStep {
  readonly state: StepState;
  readonly plannedAt: Date;
  readonly startedAt: Date | null;
  readonly finishedAt: Date | null;
  readonly outcome: StepOutcome | null;
}

export type StartStepResult =
  | { readonly started: true }
  /** Another caller (double click, second replica, a retry after restart) already started it. */
  | { readonly started: false; readonly reason: 'already-started' | 'already-finished'; readonly step: StepRecord }
  | { readonly started: false; readonly reason: 'unknown-step' }
  | { readonly started: false; readonly reason: 'stale-fence'; readonly currentToken: number };

export interface StepJournal {
  /** Records a step before anything is sent. Idempotent on `stepId`. */
  planStep(step: PlannedStep, now: Date): Promise<StepRecord>;
  /** Atomically moves a planned step to started; exactly one caller across replicas wins. */
  startStep(stepId: string, now: Date, fence?: LeaseFence): Promise<StartStepResult>;
  /** Records how a started step ended. Refused (returns false) unless the step is `started`. */
  finishStep(stepId: string, outcome: StepOutcome, now: Date): Promise<boolean>;
  getStep(stepId: string): Promise<StepRecord | null>;
  /** Steps that were started and never finished: after a crash these are "outcome unknown". */
  listUnfinishedSteps(cluster?: string): Promise<readonly StepRecord[]>;
}
