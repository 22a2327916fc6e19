import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { isUserFacingError } from '../errors/user-facing-error';
import { excerpt } from '../observability/excerpt';
import type { Logger } from '../observability/logger';
import type { Reply } from '../reply/model';
import { recordEvent } from '../store/record-event';
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

/** Where and by whom, for every event a chat command or press records. */
function chatEnvelope(ctx: CommandContext) {
  return { at: ctx.services.now(), actor: { kind: 'user' as const, id: ctx.actor.id }, cluster: null, incident: null, channel: ctx.channel };
}

/** Parses chat text, checks the actor's role and the arguments, runs the command and records it. Never throws. */
export async function runCommandText(registry: CommandRegistry, text: string, ctx: CommandContext, logger: Logger): Promise<Reply> {
  const reply = await dispatchCommandText(registry, text, ctx, logger);
  // Every command lands in the event log, refusals and private answers too (the audit needs them).
  await recordEvent(
    ctx.services.store,
    {
      ...chatEnvelope(ctx),
      kind: 'command-run',
      details: { text: text.trim(), reply: reply.summary, ephemeral: reply.ephemeral === true },
      summary: `${text.trim()} → ${reply.summary}`,
      idempotencyKey: `command:${randomUUID()}`,
    },
    logger,
  );
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
  typed?: string,
): Promise<Reply> {
  const dispatched = await dispatchAction(registry, actionId, value, ctx, logger, typed);
  const event = dispatched.refused
    ? { kind: 'action-refused' as const, details: { actionId, reason: dispatched.refused }, summary: `pressed ${actionId}: refused (${dispatched.refused})` }
    : { kind: 'button-pressed' as const, details: { actionId, value, reply: dispatched.reply.summary }, summary: `pressed ${actionId} → ${dispatched.reply.summary}` };
  await recordEvent(ctx.services.store, { ...chatEnvelope(ctx), ...event, idempotencyKey: `press:${randomUUID()}` }, logger);
  return dispatched.reply;
}

interface DispatchedAction {
  readonly reply: Reply;
  readonly refused?: 'unknown-action' | 'role';
}

async function dispatchAction(registry: CommandRegistry, actionId: string, value: string, ctx: CommandContext, logger: Logger, typed: string | undefined): Promise<DispatchedAction> {
  const action: ActionDefinition | undefined = registry.actions.get(actionId);
  if (!action) return { reply: refusal('That button belongs to a version of the bot that is gone. Run the command again.'), refused: 'unknown-action' };
  if (!roleAllows(ctx.actor.role, action.permission)) {
    return { reply: refusal(`That button needs the ${action.permission} role; you have ${ctx.actor.role}.`), refused: 'role' };
  }
  try {
    return { reply: await action.run(value, ctx, typed) };
  } catch (e) {
    return { reply: failureReply(e, 'that action', logger) };
  }
}
