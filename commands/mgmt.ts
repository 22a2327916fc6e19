import { z } from 'zod';
import type { CommandDefinition } from '../src/commands/types';
import { resolveChatNode } from '../src/commands/resolve-chat-node';
import { nodeRunbooks } from '../src/runbooks/catalog';
import { createRunbookEngine } from '../src/runbooks/runbook-engine';
import { runbookReply } from '../src/runbooks/runbook-reply';

const engine = createRunbookEngine(nodeRunbooks);

const mgmtArgs = z.object({
  positional: z.tuple([z.literal('restart', { error: 'the only verb is restart: /rmq mgmt restart NODE' }), z.string({ error: 'name the node' })], { error: 'give the verb and one node: /rmq mgmt restart NODE' }),
  flags: z.strictObject({ cluster: z.string({ error: '--cluster needs a cluster name' }).optional() }, { error: 'the only option is --cluster NAME' }),
});

/** The guarded restart of one node's management plugin, as a runbook: pre-checks, a confirm dialog, then each step verified. */
export const mgmtCommand: CommandDefinition<z.infer<typeof mgmtArgs>> = {
  name: 'mgmt',
  summary: "Runbook: restart a node's management plugin (confirm, hard deadline, verify)",
  usage: '/rmq mgmt restart NODE [--cluster NAME]',
  permission: 'operator',
  args: mgmtArgs,
  async run({ positional, flags }, ctx) {
    const { cluster, node } = resolveChatNode(ctx.services.config, positional[1], flags.cluster);
    return runbookReply(await engine.open('mgmt-restart', cluster.name, node.name, ctx));
  },
};
