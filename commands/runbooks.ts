import { z } from 'zod';
import type { ActionDefinition, CommandContext, CommandDefinition, Role } from '../src/commands/types';
import { resolveChatNode } from '../src/commands/resolve-chat-node';
import { UserFacingError } from '../src/errors/user-facing-error';
import { nodeRunbooks } from '../src/runbooks/catalog';
import { readEvictButtonValue, RUNBOOK_EVICT_OPEN } from '../src/runbooks/evict-button';
import { createRunbookEngine } from '../src/runbooks/runbook-engine';
import { parseRunbookId } from '../src/runbooks/runbook-log';
import { RUNBOOK_ABORT, RUNBOOK_APPROVE, RUNBOOK_CONFIRM, runbookDecisionReply, runbookReply, type RunbookDecision, type RunbookView } from '../src/runbooks/runbook-reply';
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

/** "Evict NODE…" on a diagnosis: opens the runbook (pre-checks only), exactly as `/rmq evict NODE` does. */
export const runbookEvictOpenAction: ActionDefinition = {
  actionId: RUNBOOK_EVICT_OPEN,
  permission: 'operator',
  async run(value, ctx) {
    const target = readEvictButtonValue(value);
    if (target === null) throw new UserFacingError('bad-button', 'That button is from an older version of the bot.', 'Run `/rmq evict NODE` instead.');
    const { cluster, node } = resolveChatNode(ctx.services.config, target.node, target.cluster);
    return runbookReply(await engine.open('evict', cluster.name, node.name, ctx));
  },
};

export const restartCommand = nodeRunbookCommand('restart', 'Runbook: restart a node (pre-checks, confirm, verify its peers and queues)');
export const evictCommand = nodeRunbookCommand('evict', 'Runbook: evict a dead node with forget_cluster_node (typed name, approval)');
export const rejoinCommand = nodeRunbookCommand('rejoin', 'Runbook: rejoin a forgotten node (stop_app, reset, join_cluster, start_app, grow)');

/** A decision on a runbook, the same from a typed command and from a button: the engine judges both. */
interface DecisionVerb {
  readonly name: 'confirm' | 'approve' | 'abort';
  readonly summary: string;
  readonly usage: string;
  readonly permission: Role;
  readonly actionId: string;
  /** Only a confirmation carries a typed node name (a destructive runbook, or a step destructive on its own). */
  readonly typed: boolean;
  /** What the message says was decided once its buttons are replaced. */
  readonly decided: RunbookDecision;
  readonly decide: (runbookId: string, typed: string | undefined, ctx: CommandContext) => Promise<RunbookView>;
}

const confirmVerb: DecisionVerb = {
  name: 'confirm',
  summary: 'Confirm your runbook; a destructive one needs the node name typed',
  usage: '/rmq confirm RB-7 [NODE]',
  permission: 'operator',
  actionId: RUNBOOK_CONFIRM,
  decided: 'confirmed',
  typed: true,
  decide: (id, typed, ctx) => engine.confirm(id, typed, ctx),
};
const approveVerb: DecisionVerb = {
  name: 'approve',
  summary: "Approve someone else's destructive runbook (approver role)",
  usage: '/rmq approve RB-7',
  permission: 'approver',
  actionId: RUNBOOK_APPROVE,
  decided: 'approved',
  typed: false,
  decide: (id, _typed, ctx) => engine.approve(id, ctx),
};
const abortVerb: DecisionVerb = {
  name: 'abort',
  summary: 'Abort an open runbook (its requester, or an approver)',
  usage: '/rmq abort RB-7',
  permission: 'operator',
  actionId: RUNBOOK_ABORT,
  decided: 'aborted',
  typed: false,
  decide: (id, _typed, ctx) => engine.abort(id, ctx),
};

const decisionArgs = (verb: DecisionVerb) =>
  z.object({
    positional: verb.typed
      ? z.tuple([runbookIdWord], z.string()).refine((words) => words.length <= 2, { error: 'give the runbook id and, for a destructive one, the node name' })
      : z.tuple([runbookIdWord], { error: `${verb.name} takes one runbook id, like RB-7` }),
    flags: z.strictObject({}, { error: `${verb.name} takes no options` }),
  });

function decisionCommand(verb: DecisionVerb): CommandDefinition<z.infer<ReturnType<typeof decisionArgs>>> {
  return {
    name: verb.name,
    summary: verb.summary,
    usage: verb.usage,
    permission: verb.permission,
    args: decisionArgs(verb),
    run: async ({ positional }, ctx) => runbookReply(await verb.decide(positional[0], positional[1], ctx)),
  };
}

function pressedId(value: string): string {
  const id = parseRunbookId(value);
  if (id === null) throw new UserFacingError('bad-button', 'That button does not name a runbook.', 'Use /rmq runbook RB-N.');
  return id;
}

/**
 * A button press decides with what was typed in Slack's modal, if anything: a destructive
 * confirmation without the name is refused by the engine. The reply replaces the message's buttons.
 */
const decisionAction = (verb: DecisionVerb): ActionDefinition => ({
  actionId: verb.actionId,
  permission: verb.permission,
  run: async (value, ctx, typed) => runbookDecisionReply(await verb.decide(pressedId(value), typed, ctx), verb.decided),
});

export const confirmCommand = decisionCommand(confirmVerb);
export const approveCommand = decisionCommand(approveVerb);
export const abortCommand = decisionCommand(abortVerb);
export const runbookConfirmAction = decisionAction(confirmVerb);
export const runbookApproveAction = decisionAction(approveVerb);
export const runbookAbortAction = decisionAction(abortVerb);

const showArgs = z.object({
  positional: z.tuple([runbookIdWord], { error: 'runbook takes one runbook id, like RB-7' }),
  flags: z.strictObject({ resume: z.literal(true).optional() }, { error: 'runbook takes no options but --resume' }),
});
export const runbookCommand: CommandDefinition<z.infer<typeof showArgs>> = {
  name: 'runbook',
  summary: 'Show a runbook and where it stands; --resume continues it from where it stopped',
  usage: '/rmq runbook RB-7 [--resume]',
  permission: 'viewer',
  args: showArgs,
  run: async ({ positional, flags }, ctx) => runbookReply(await engine.show(positional[0], ctx, flags.resume === true)),
};
