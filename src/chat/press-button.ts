import type { CommandRegistry } from '../commands/registry';
import { runActionById } from '../commands/run-command';
import { roleAllows, type Actor, type CommandContext, type Services } from '../commands/types';
import type { Logger } from '../observability/logger';
import type { Reply } from '../reply/model';
import { refuseClaim, takeoverNotice } from './claim-refusal';

export interface PressDeps {
  readonly registry: CommandRegistry;
  readonly services: Services;
  readonly logger: Logger;
}

/** One press of one rendered button, wherever it was drawn. */
export interface PressRequest {
  readonly actor: Actor;
  readonly channel: string;
  readonly actionId: string;
  readonly value: string;
  /** Names the rendered button: two presses of it, on any replica, share the key. */
  readonly claimKey: string;
  readonly expiresAt: Date;
  /** What the presser typed, for a button that asks first (a Slack modal's input). */
  readonly typed?: string;
}

/** How a chat runs a claimed action and shows its reply (Slack: progress in place and a thread; console: print). */
export type RunAndShow = (runAction: (ctx: CommandContext) => Promise<Reply>) => Promise<unknown>;

/** How a chat shows the presser alone a refusal or a notice (Slack: ephemeral; console: print). */
export type TellPresser = (reply: Reply) => Promise<unknown>;

/**
 * The claim flow of every chat: who may press is checked before the claim, so a refused press does
 * not spend the button; the claim runs it at most once; a run that never started, or that the action
 * refused (an answer for the presser alone: a wrong typed name, the requester approving), gives the
 * button back for the next person; a press whose holder died is taken over after its lease, and the
 * presser is told.
 */
export async function pressButton(deps: PressDeps, press: PressRequest, runAndShow: RunAndShow, tellPresser: TellPresser): Promise<void> {
  const { registry, services, logger } = deps;
  const run = (ctx: CommandContext) => runActionById(registry, press.actionId, press.value, ctx, logger, press.typed);
  const definition = registry.actions.get(press.actionId);
  if (!definition || !roleAllows(press.actor.role, definition.permission)) {
    // runActionById words the refusal without running anything.
    await tellPresser(await run({ actor: press.actor, channel: press.channel, services, progress: () => undefined }));
    return;
  }
  const claim = await services.store.claimAction(press.claimKey, press.actor.id, services.now(), press.expiresAt);
  if (claim.outcome !== 'claimed') {
    await tellPresser(await refuseClaim(services, claim, { actionId: press.actionId, actor: press.actor.id, channel: press.channel }, logger));
    return;
  }
  if (claim.takenOver) await tellPresser(takeoverNotice(claim.takenOver));
  const outcome: { ran: Reply | null } = { ran: null };
  try {
    await runAndShow(async (ctx) => (outcome.ran = await run(ctx)));
  } finally {
    // Once the action ran, the button is spent even if showing the result failed.
    if (outcome.ran && outcome.ran.ephemeral !== true) await services.store.finishAction(press.claimKey, services.now(), outcome.ran.summary);
    else await services.store.releaseAction(press.claimKey);
  }
}
