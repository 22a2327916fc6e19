import type { Lab } from '../lab/lab';
import type { LabNetwork, PartitionHandling } from '../lab/lab-layout';

/**
 * A drill: a fault injected into a real lab, the questions a responder would ask the bot, and what
 * must be true of its answers. Scenarios are data plus lab actions; the runner does the timing,
 * retries and reporting.
 */

/** The nodes a scenario talks about: from the lab, or from `--node` against a configured cluster. */
export interface DrillCast {
  readonly cluster: string;
  /** The node the fault is injected into (the crashed one, the one cut off…). */
  readonly subject: string;
  /** Every other node of the cluster. */
  readonly others: readonly string[];
}

/** One thing that must be true of an answer, worded as the report prints it. */
export interface Expectation {
  readonly label: string;
  readonly holds: (answer: string) => boolean;
}

/** The outcome of a check a lab action makes itself (a client's error, a node's boot failure). */
export interface CheckOutcome {
  readonly label: string;
  readonly passed: boolean;
  /** What was seen, for the report: the error text, the log line. */
  readonly seen: string;
}

/** Asks the bot, through its console, as a responder types it. */
export interface AskStep {
  readonly kind: 'ask';
  readonly line: string;
  readonly expect: readonly Expectation[];
  /**
   * Ask again until every expectation holds, for at most this long: for states the cluster reaches
   * by itself (a cut noticed, a paused node resuming). Absent: one answer must already be right.
   */
  readonly untilMs?: number;
}

/** Changes the lab (inject a fault, start clients, recover). Never runs against a configured cluster. */
export interface ActStep {
  readonly kind: 'act';
  readonly label: string;
  /** Returns a detail line for the report, or checks it made itself. */
  readonly run: (lab: Lab) => Promise<string | readonly CheckOutcome[]>;
}

export type DrillStep = AskStep | ActStep;

/** The bot config as YAML data, for a drill that changes what the bot is told (a node's SSH port, its cookie). */
export interface EditableBotConfig {
  clusters: { name: string; nodes: { name: string; ssh: Record<string, unknown>; env?: Record<string, string> }[] }[];
  [key: string]: unknown;
}
export type ConfigEdit = (config: EditableBotConfig) => void;

/** Phases in order. `during` is the read-only half: what the bot must say while the fault is on. */
export interface DrillPlan {
  readonly prepare: readonly DrillStep[];
  readonly inject: readonly DrillStep[];
  readonly during: readonly DrillStep[];
  readonly recover: readonly DrillStep[];
  /**
   * In the lab, the `during` questions go to a console whose config this changes: for faults that
   * live between the bot and a node (a silent SSH port, a wrong cookie). Called after `inject`.
   */
  readonly duringConfig?: () => ConfigEdit;
  /** Lab-only clean-up that always runs, pass or fail (close clients). */
  readonly cleanup?: () => Promise<void>;
}

export type DrillPhase = 'prepare' | 'inject' | 'during' | 'recover';
export const DRILL_PHASES: readonly DrillPhase[] = ['prepare', 'inject', 'during', 'recover'];

export interface LabNeeds {
  readonly nodes: number;
  readonly network: LabNetwork;
  readonly partitionHandling: PartitionHandling;
}

export interface Scenario {
  readonly name: string;
  /** One line for `drill list`. */
  readonly summary: string;
  readonly lab: LabNeeds;
  /** The subject node in the lab, as `lab` takes it (`3`). */
  readonly subject: string;
  /** What a team must break by hand before running the read-only half against its own cluster. */
  readonly readOnlyHint: string;
  readonly plan: (cast: DrillCast) => DrillPlan;
}
