import type { Services } from '../commands/types';
import type { BotConfig, ClusterConfig } from '../config/schema';
import type { Mutation } from '../mutations/mutation-command';
import type { Result } from '../result';
import type { RunbookKind, RunbookLevel } from './runbook-state';

/** One read-only probe result, shown to people and recorded as an event. */
export interface Check {
  readonly name: string;
  readonly passed: boolean;
  readonly detail: string;
}

export interface RunbookEnv {
  readonly cluster: ClusterConfig;
  readonly node: string;
  readonly services: Services;
  /** When the target was first seen in the state this runbook is for (recorded at open). */
  readonly seenSince: Date | null;
}

/** What a runbook shows before anyone confirms: its pre-checks, and warnings said plainly. */
export interface Preview {
  readonly checks: readonly Check[];
  readonly warnings: readonly string[];
  readonly seenSince: Date | null;
}

export interface StepDefinition {
  /** Stable within the runbook: step ids and events are keyed on it. */
  readonly name: string;
  readonly title: string;
  /**
   * For a step only some targets need (a wipe for a node that cannot boot): a failed check skips
   * it, recorded with its reason. Asked once, before anything of the step is sent.
   */
  readonly needed?: (env: RunbookEnv) => Promise<Check>;
  /**
   * A step destructive on its own: the engine stops before it until the requester types the node's
   * name once more. Says plainly what it destroys.
   */
  readonly ownConfirmation?: (env: RunbookEnv) => string;
  /** Read-only probes right before the action; a failed one stops the runbook before anything is sent. */
  readonly checks: (env: RunbookEnv) => Promise<readonly Check[]>;
  /** The one mutation of the step, from the closed catalog; `env` resolves nodes (a healthy peer, a seed). */
  readonly mutation: (env: RunbookEnv) => Promise<Mutation | string>;
  /** Read-only probes that say the action took effect; waited for up to the mutation deadline. */
  readonly verify: (env: RunbookEnv) => Promise<readonly Check[]>;
  /** What to offer when the step fails. */
  readonly onFailure: string;
}

export interface RunbookDefinition {
  readonly kind: RunbookKind;
  readonly level: RunbookLevel;
  readonly title: string;
  /**
   * Resolves the word naming the target (the name typed to confirm a destructive runbook) against
   * the cluster, or says what is wrong with it. Absent: a configured node of the cluster.
   */
  readonly resolveTarget?: (config: BotConfig, cluster: ClusterConfig, word: string) => Result<string, string>;
  readonly preview: (env: RunbookEnv) => Promise<Preview>;
  readonly steps: readonly StepDefinition[];
  /** Said once every step is verified. */
  readonly followUp: string;
}
