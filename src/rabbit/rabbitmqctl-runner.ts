import type { NodeConfig } from '../config/schema';
import type { CommandOutcome, ReaderFor } from '../transport/types';
import { detectCliFailure } from './detect-cli-failure';
import { rabbitmqctlCommand, type RabbitmqctlFormat, type RabbitmqctlQuery } from './rabbitmqctl-command';

/** One way to ask a question; a list of them goes from the newest CLI's options to the oldest's. */
export interface RabbitmqctlForm<Q extends RabbitmqctlQuery = RabbitmqctlQuery> {
  readonly query: Q;
  readonly format: RabbitmqctlFormat;
}

export type RabbitmqctlForms<Q extends RabbitmqctlQuery> = readonly [RabbitmqctlForm<Q>, ...RabbitmqctlForm<Q>[]];

export interface RabbitmqctlAnswer<Q extends RabbitmqctlQuery> {
  readonly outcome: CommandOutcome;
  /** The form that gave this outcome: callers parse by it (text pids name home nodes, JSON ones do not). */
  readonly form: RabbitmqctlForm<Q>;
}

export interface RabbitmqctlRunner {
  /**
   * Asks in the first form the node's CLI accepts: 3.2–3.6 refuse `--formatter json` and pre-3.8 CLIs
   * `--offline`, as usage errors. A form an older node refused is not asked again of that node.
   */
  ask<Q extends RabbitmqctlQuery>(cluster: string, node: NodeConfig, forms: RabbitmqctlForms<Q>, signal?: AbortSignal): Promise<RabbitmqctlAnswer<Q>>;
}

/**
 * The CLI ran and turned the question down, rather than the node being down, hung or refusing the
 * cookie: an older form of the question may still get an answer.
 */
function refusedTheForm(outcome: CommandOutcome): boolean {
  if (outcome.kind !== 'command-failed') return false;
  const failure = detectCliFailure(outcome.stdout, outcome.stderr, outcome.exitCode);
  return failure === null || failure.kind === 'other';
}

/** The one runner for the read allowlist's rabbitmqctl queries, over the node's read-only runner. */
export function createRabbitmqctlRunner(readerFor: ReaderFor): RabbitmqctlRunner {
  // Per node and question: how many of its newest forms the node's CLI refused.
  const refusedForms = new Map<string, number>();

  return {
    async ask(cluster, node, forms, signal) {
      const key = JSON.stringify([cluster, node.name, forms]);
      const reader = readerFor(cluster, node.name);
      const read = (form: RabbitmqctlForm) => reader.read(rabbitmqctlCommand(node, form.query, form.format), { signal });
      const skipped = Math.min(refusedForms.get(key) ?? 0, forms.length - 1);
      let index = skipped;
      let form = forms[index] ?? forms[0];
      let outcome = await read(form);
      for (let older = forms[index + 1]; older !== undefined && refusedTheForm(outcome); older = forms[index + 1]) {
        index += 1;
        form = older;
        outcome = await read(form);
      }
      // Learned only once an older form actually answered: a refusal for another reason proves nothing.
      if (index > skipped && outcome.kind === 'ok') refusedForms.set(key, index);
      return { outcome, form };
    },
  };
}
