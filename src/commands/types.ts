import type { z } from 'zod';
import type { BotConfig } from '../config/schema';
import type { Reply } from '../reply/model';
import type { Store } from '../store/store';
import type { ClusterInspector } from '../inspect/cluster-inspector';
import type { ReaderFor } from '../transport/types';
import type { MutationExecutor } from '../mutations/mutation-executor';

/** Roles are ordered: an approver may do what an operator may, an operator what a viewer may. */
export const roles = ['viewer', 'operator', 'approver'] as const;
export type Role = (typeof roles)[number];

export function roleAllows(held: Role, needed: Role): boolean {
  return roles.indexOf(held) >= roles.indexOf(needed);
}

export interface Actor {
  /** Slack user id, or the console's `--as` name. */
  readonly id: string;
  readonly role: Role;
}

/** Tokens after the subcommand: positionals and `--flag value` / `--flag` pairs. */
export interface CommandInput {
  readonly positional: readonly string[];
  readonly flags: Readonly<Record<string, string | true>>;
}

export interface Services {
  readonly config: BotConfig;
  readonly inspector: ClusterInspector;
  /**
   * Read-only runners over the inspector's per-node SSH connections, for commands that run other
   * allowlisted reads: log tails, list_queues. Mutating commands are not reachable from here.
   */
  readonly readerFor: ReaderFor;
  readonly store: Store;
  /** The only way to a mutating command: plans, fences and records each step (runbooks use it). */
  readonly executor: MutationExecutor;
  readonly now: () => Date;
}

export interface CommandContext {
  readonly actor: Actor;
  /** Where the command was typed: a Slack channel id, or `console`. */
  readonly channel: string;
  readonly services: Services;
  /** Shows a partial reply that the final one replaces in place (per-node progress). */
  readonly progress: (partial: Reply) => void;
}

export interface CommandDefinition<A = unknown> {
  /** The word after `/rmq`. */
  readonly name: string;
  readonly summary: string;
  /** e.g. `/rmq status [cluster]`. */
  readonly usage: string;
  readonly permission: Role;
  /** Validates the tokens; its error messages are shown to the user with the usage line. */
  readonly args: z.ZodType<A, CommandInput>;
  readonly run: (args: A, ctx: CommandContext) => Promise<Reply>;
}

/**
 * A command whose argument type is forgotten: the registry holds commands of different argument
 * types, and each one parses its own input with its own schema before `run` sees it.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- existential argument type, see above
export type AnyCommandDefinition = CommandDefinition<any>;

/** A button's handler. The value is the button's opaque payload; `typed` is what the presser typed for a button that asks (TypedConfirmation). */
export interface ActionDefinition {
  readonly actionId: string;
  readonly permission: Role;
  readonly run: (value: string, ctx: CommandContext, typed?: string) => Promise<Reply>;
}
