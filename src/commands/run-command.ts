import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { isUserFacingError } from '../errors/user-facing-error';
import { excerpt } from '../observability/excerpt';
import type { Logger } from '../observability/logger';
import type { Reply } from '../reply/model';
import { parseCommandLine } from './command-line';
import type { CommandRegistry } from './registry';
import { roleAllows, type ActionDefinition, type CommandContext, type AnyCommandDefinition } from './types';

function refusal(summary: string, detail?: string): Reply {
  return {
    summary,
    mark: 'warning',
    ephemeral: true,
    blocks: [{ kind: 'text', text: summary, mark: 'warning' }, ...(detail ? [{ kind: 'context' as const, text: detail }] : [])],
  };
}

function usageReply(command: AnyCommandDefinition, problem: string): Reply {
  return refusal(`${problem}`, `Usage: ${command.usage}`);
}

/** Turns a failure inside a handler into a reply; only UserFacingError messages reach the chat. */
function failureReply(e: unknown, what: string, logger: Logger): Reply {
  if (isUserFacingError(e)) return refusal(e.message, e.hint);
  const correlationId = randomUUID().slice(0, 8);
  logger.error({ err: e, correlationId, what }, 'handler failed');
  return {
    summary: `Sorry, ${what} failed unexpectedly (ref ${correlationId}). The bot's log has the details.`,
    mark: 'critical',
    blocks: [{ kind: 'text', text: `Sorry, ${what} failed unexpectedly (ref ${correlationId}). The bot's log has the details.`, mark: 'critical' }],
  };
}

function describeArgsError(error: z.ZodError): string {
  return error.issues.map((i) => i.message).join('; ');
}

/** Every command and click lands on the channel's timeline so the postmortem writes itself. */
async function recordOnTimeline(ctx: CommandContext, kind: 'command' | 'action', what: string, reply: Reply, logger: Logger): Promise<void> {
  try {
    await ctx.services.store.appendTimeline({ channel: ctx.channel, at: ctx.services.now(), actor: ctx.actor.id, kind, summary: `${what} → ${reply.summary}` });
  } catch (e) {
    logger.error({ err: e, what }, 'could not record on the timeline');
  }
}

/** Parses chat text, checks the actor's role and the arguments, runs the command and records it. Never throws. */
export async function runCommandText(registry: CommandRegistry, text: string, ctx: CommandContext, logger: Logger): Promise<Reply> {
  const reply = await dispatchCommandText(registry, text, ctx, logger);
  if (!reply.ephemeral) await recordOnTimeline(ctx, 'command', text.trim(), reply, logger);
  return reply;
}

async function dispatchCommandText(registry: CommandRegistry, text: string, ctx: CommandContext, logger: Logger): Promise<Reply> {
  const parsed = parseCommandLine(text);
  if (!parsed.ok) {
    return parsed.error.kind === 'empty'
      ? refusal('Which command? Try `/rmq help`.')
      : refusal('A quote is not closed. Close it or remove it and try again.');
  }
  const command = registry.commands.get(parsed.value.name);
  if (!command) return refusal(`There is no \`/rmq ${excerpt(parsed.value.name, 40)}\` command.`, 'Type `/rmq help` for the list.');
  if (!roleAllows(ctx.actor.role, command.permission)) {
    return refusal(
      `\`/rmq ${command.name}\` needs the ${command.permission} role; you have ${ctx.actor.role}.`,
      'Ask an admin to add your user id to chat.roles in the bot config.',
    );
  }
  const args = command.args.safeParse(parsed.value.input);
  if (!args.success) return usageReply(command, describeArgsError(args.error));
  try {
    return await command.run(args.data, ctx);
  } catch (e) {
    return failureReply(e, `/rmq ${command.name}`, logger);
  }
}

export async function runActionById(
  registry: CommandRegistry,
  actionId: string,
  value: string,
  ctx: CommandContext,
  logger: Logger,
): Promise<Reply> {
  const reply = await dispatchAction(registry, actionId, value, ctx, logger);
  if (!reply.ephemeral) await recordOnTimeline(ctx, 'action', `pressed ${actionId}`, reply, logger);
  return reply;
}

async function dispatchAction(registry: CommandRegistry, actionId: string, value: string, ctx: CommandContext, logger: Logger): Promise<Reply> {
  const action: ActionDefinition | undefined = registry.actions.get(actionId);
  if (!action) return refusal('That button belongs to a version of the bot that is gone. Run the command again.');
  if (!roleAllows(ctx.actor.role, action.permission)) {
    return refusal(`That button needs the ${action.permission} role; you have ${ctx.actor.role}.`);
  }
  try {
    return await action.run(value, ctx);
  } catch (e) {
    return failureReply(e, 'that action', logger);
  }
}
