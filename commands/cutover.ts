import { z } from 'zod';
import type { CommandDefinition } from '../src/commands/types';
import { pickCutoverPair } from '../src/cutover/cutover-pair';
import { nodeRunbooks } from '../src/runbooks/catalog';
import { createRunbookEngine } from '../src/runbooks/runbook-engine';
import { runbookReply } from '../src/runbooks/runbook-reply';

const engine = createRunbookEngine(nodeRunbooks);

const primaryArgs = (name: string) =>
  z.object({
    positional: z.array(z.string()).max(1, { error: `${name} takes at most one primary cluster name` }),
    flags: z.strictObject({}, { error: `${name} takes no options` }),
  });

const cutoverArgs = primaryArgs('cutover');

/** Both runbooks are opened on the standby, which holds the switch and rollback argv; the primary's `standby:` names it. */
export const cutoverCommand: CommandDefinition<z.infer<typeof cutoverArgs>> = {
  name: 'cutover',
  summary: "Runbook: move a primary's clients to its standby (checks, typed name, approval)",
  usage: '/rmq cutover [primary]',
  permission: 'operator',
  args: cutoverArgs,
  async run({ positional }, ctx) {
    const { standby } = pickCutoverPair(ctx.services.config, positional[0]);
    return runbookReply(await engine.open('cutover', standby.name, standby.name, ctx));
  },
};

const rollbackArgs = primaryArgs('cutover-rollback');

export const cutoverRollbackCommand: CommandDefinition<z.infer<typeof rollbackArgs>> = {
  name: 'cutover-rollback',
  summary: "Runbook: move a primary's clients back from its standby (typed name, approval)",
  usage: '/rmq cutover-rollback [primary]',
  permission: 'operator',
  args: rollbackArgs,
  async run({ positional }, ctx) {
    const { primary, standby } = pickCutoverPair(ctx.services.config, positional[0]);
    return runbookReply(await engine.open('cutover-rollback', standby.name, primary.name, ctx));
  },
};
