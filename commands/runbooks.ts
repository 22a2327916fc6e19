import { z } from 'zod';
import type { ActionDefinition, CommandContext, CommandDefinition } from '../src/commands/types';
import { resolveChatNode } from '../src/commands/resolve-chat-node';
import { UserFacingError } from '../src/errors/user-facing-error';
import { nodeRunbooks } from '../src/runbooks/catalog';
import { createRunbookEngine } from '../src/runbooks/runbook-engine';
import { parseRunbookId } from '../src/runbooks/runbook-log';
import { RUNBOOK_ABORT, RUNBOOK_APPROVE, RUNBOOK_CONFIRM, runbookDecisionReply, runbookReply } from '../src/runbooks/runbook-reply';
import type { RunbookKind } from '../src/runbooks/runbook-state';

const engine = createRunbookEngine(nodeRunbooks);

const runbookIdWord = z.string().transform((word, ctx) => {
  const id = parseRunbookId(word);
  if (id === null) ctx.addIssue({ code: 'custom', message: `"${word.slice(0, 20)}" is not a runbook id; they look like RB-7` });
  return id ?? '';
});

const nodeArgs = z.object({
  positional: z.tuple([z.string({ error: 'name the node' })], { error: 'name exactly one node' }),
  flags: z.strictObject({ cluster: z.string({ error: '--cluster needs a cluster name' }).optional() }, { error: 'the only option is --cluster NAME' }),
});

function nodeRunbookCommand(kind: RunbookKind, summary: string): CommandDefinition<z.infer<typeof nodeArgs>> {
  return {
    name: kind,
    summary,
    usage: `/rmq ${kind} NODE [--cluster NAME]`,
    permission: 'operator',
    args: nodeArgs,
    async run({ positional, flags }, ctx) {
      const { cluster, node } = resolveChatNode(ctx.services.config, positional[0], flags.cluster);
      return runbookReply(await engine.open(kind, cluster.name, node.name, ctx));
    },
  };
}

export const restartCommand = nodeRunbookCommand('restart', 'Runbook: restart a node (pre-checks, confirm, verify its peers and queues)');
export const evictCommand = nodeRunbookCommand('evict', 'Runbook: evict a dead node with forget_cluster_node (typed name, approval)');
export const rejoinCommand = nodeRunbookCommand('rejoin', 'Runbook: rejoin a forgotten node (stop_app, reset, join_cluster, start_app, grow)');

const confirmArgs = z.object({
  positional: z.tuple([runbookIdWord], z.string()).refine((words) => words.length <= 2, { error: 'give the runbook id and, for a destructive one, the node name' }),
  flags: z.strictObject({}, { error: 'confirm takes no options' }),
});

export const confirmCommand: CommandDefinition<z.infer<typeof confirmArgs>> = {
  name: 'confirm',
  summary: 'Confirm your runbook; a destructive one needs the node name typed',
  usage: '/rmq confirm RB-7 [NODE]',
  permission: 'operator',
  args: confirmArgs,
  run: async ({ positional }, ctx) => runbookReply(await engine.confirm(positional[0], positional[1], ctx)),
};

const idArgs = (what: string) =>
  z.object({
    positional: z.tuple([runbookIdWord], { error: `${what} takes one runbook id, like RB-7` }),
    flags: z.strictObject({ resume: z.literal(true).optional() }, { error: `${what} takes no options but --resume` }),
  });

const approveArgs = idArgs('approve');
export const approveCommand: CommandDefinition<z.infer<typeof approveArgs>> = {
  name: 'approve',
  summary: "Approve someone else's destructive runbook (approver role)",
  usage: '/rmq approve RB-7',
  permission: 'approver',
  args: approveArgs,
  run: async ({ positional }, ctx) => runbookReply(await engine.approve(positional[0], ctx)),
};

const abortArgs = idArgs('abort');
export const abortCommand: CommandDefinition<z.infer<typeof abortArgs>> = {
  name: 'abort',
  summary: 'Abort an open runbook (its requester, or an approver)',
  usage: '/rmq abort RB-7',
  permission: 'operator',
  args: abortArgs,
  run: async ({ positional }, ctx) => runbookReply(await engine.abort(positional[0], ctx)),
};

const showArgs = idArgs('runbook');
export const runbookCommand: CommandDefinition<z.infer<typeof showArgs>> = {
  name: 'runbook',
  summary: 'Show a runbook and where it stands; --resume continues it from where it stopped',
  usage: '/rmq runbook RB-7 [--resume]',
  permission: 'viewer',
  args: showArgs,
  run: async ({ positional, flags }, ctx) => runbookReply(await engine.show(positional[0], ctx, flags.resume === true)),
};

function pressedId(value: string): string {
  const id = parseRunbookId(value);
  if (id === null) throw new UserFacingError('bad-button', 'That button does not name a runbook.', 'Use /rmq runbook RB-N.');
  return id;
}

/** A mutating runbook's confirm button; a destructive one is refused by the engine unless the name was typed (Slack's modal). */
export const runbookConfirmAction: ActionDefinition = {
  actionId: RUNBOOK_CONFIRM,
  permission: 'operator',
  run: async (value, ctx: CommandContext, typed) => runbookDecisionReply(await engine.confirm(pressedId(value), typed, ctx), 'confirmed'),
};

export const runbookApproveAction: ActionDefinition = {
  actionId: RUNBOOK_APPROVE,
  permission: 'approver',
  run: async (value, ctx) => runbookDecisionReply(await engine.approve(pressedId(value), ctx), 'approved'),
};

export const runbookAbortAction: ActionDefinition = {
  actionId: RUNBOOK_ABORT,
  permission: 'operator',
  run: async (value, ctx) => runbookDecisionReply(await engine.abort(pressedId(value), ctx), 'aborted'),
};
