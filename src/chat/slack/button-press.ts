import type { App } from '@slack/bolt';
import { runActionById } from '../../commands/run-command';
import { roleAllows } from '../../commands/types';
import { claimRefusal } from '../claim-refusal';
import { buttonClaimKey, buttonExpiry } from './button-claim';
import { actionIdFromWireId } from './button-wire-id';
import { runAndDeliver, sendEphemeral, type EphemeralTarget } from './deliver-reply';
import type { HandlerDeps } from './handler-deps';
import type { Reply } from '../../reply/model';
import { buttonPressPayload, type ButtonPress } from './payloads';

async function handlePress(deps: HandlerDeps, press: ButtonPress): Promise<void> {
  const [action] = press.actions;
  if (!action) return;
  const { channel, user, threadTs } = press;
  const ephemeral: EphemeralTarget = { kind: 'response-url', url: press.responseUrl };
  const access = await deps.access.decide(channel, user);
  if (access.kind === 'refused') return sendEphemeral(deps, ephemeral, access.reply);

  const actionId = actionIdFromWireId(action.action_id);
  const definition = deps.registry.actions.get(actionId);
  const where = { channel, ephemeral, ...(threadTs ? { threadTs } : {}) };
  const run = (ctx: Parameters<typeof runActionById>[3]) => runActionById(deps.registry, actionId, action.value, ctx, deps.logger);
  if (!definition || !roleAllows(access.actor.role, definition.permission)) {
    // runActionById words the refusal; no claim is taken, so the button stays usable for someone allowed.
    return sendEphemeral(deps, ephemeral, await run({ actor: access.actor, channel, services: deps.services, progress: () => undefined }));
  }

  const key = buttonClaimKey(channel, press.messageTs, action.action_id, action.value);
  const now = deps.services.now();
  const claim = await deps.services.store.claimAction(key, user, now, buttonExpiry(press.messageTs, deps.buttonLifetimeMs));
  if (claim.outcome !== 'claimed') return sendEphemeral(deps, ephemeral, claimRefusal(claim));

  const outcome: { ran: Reply | null } = { ran: null };
  try {
    await runAndDeliver(deps, where, access.actor, async (ctx) => (outcome.ran = await run(ctx)));
  } finally {
    // Once the action ran, the button is spent even if showing the result failed; if it never
    // started, the press is given back so it can be tried again.
    if (outcome.ran) await deps.services.store.finishAction(key, deps.services.now(), outcome.ran.summary);
    else await deps.services.store.releaseAction(key);
  }
}

/**
 * Every button the renderer draws: acknowledged at once, then run at most once per rendered button
 * across replicas (Store.claimAction), with the presser as the actor.
 */
export function registerButtonPress(app: App, deps: HandlerDeps): void {
  app.action({ type: 'block_actions', action_id: /.+/ }, async ({ ack, body }) => {
    await ack();
    const parsed = buttonPressPayload.safeParse(body);
    if (!parsed.success) {
      deps.logger.warn({ issues: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`) }, 'unexpected button payload');
      return;
    }
    try {
      await handlePress(deps, parsed.data);
    } catch (e) {
      deps.logger.error({ err: e, channel: parsed.data.channel, user: parsed.data.user }, 'button press failed');
    }
  });
}
