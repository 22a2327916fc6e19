import { z } from 'zod';
import type { CommandContext, CommandDefinition } from '../src/commands/types';
import { checkCutover, cutoverSources } from '../src/cutover/check-cutover';
import { pickCutoverPair } from '../src/cutover/cutover-pair';
import { buildCutoverCheckReply } from '../src/cutover/cutover-reply';
import type { Reply } from '../src/reply/model';

const cutoverCheckArgs = z.object({
  positional: z.array(z.string()).max(1, { error: 'cutover-check takes at most one primary cluster name' }),
  flags: z.strictObject({}, { error: 'cutover-check takes no options' }),
});

async function cutoverCheck(primaryName: string | undefined, ctx: CommandContext): Promise<Reply> {
  const { services } = ctx;
  const { primary, standby } = pickCutoverPair(services.config, primaryName);
  ctx.progress({ summary: `Checking ${standby.name} (status, AMQP canary) and topology parity with ${primary.name}…`, mark: 'pending', blocks: [] });
  const check = await checkCutover(primary, standby, cutoverSources(services));
  return buildCutoverCheckReply(check);
}

export const cutoverCheckCommand: CommandDefinition<z.infer<typeof cutoverCheckArgs>> = {
  name: 'cutover-check',
  summary: 'Cutover pre-checks: standby health and topology parity',
  usage: '/rmq cutover-check [primary]',
  permission: 'viewer',
  args: cutoverCheckArgs,
  run: ({ positional }, ctx) => cutoverCheck(positional[0], ctx),
};
