import type { App } from '@slack/bolt';
import { pressButton } from '../press-button';
import { buttonClaimKey, buttonExpiry } from './button-claim';
import { actionIdFromWireId } from './button-wire-id';
import { runAndDeliver, sendEphemeral, type EphemeralTarget } from './deliver-reply';
import type { HandlerDeps } from './handler-deps';
import { buttonPressPayload, type ButtonPress } from './payloads';

async function handlePress(deps: HandlerDeps, press: ButtonPress): Promise<void> {
  const [action] = press.actions;
  if (!action) return;
  const { channel, user, threadTs } = press;
  const ephemeral: EphemeralTarget = { kind: 'response-url', url: press.responseUrl };
  const access = await deps.access.decide(channel, user);
  if (access.kind === 'refused') return sendEphemeral(deps, ephemeral, access.reply);
  const where = { channel, ephemeral, ...(threadTs ? { threadTs } : {}) };
  await pressButton(
    deps,
    {
      actor: access.actor,
      channel,
      actionId: actionIdFromWireId(action.action_id),
      value: action.value,
      claimKey: buttonClaimKey(channel, press.messageTs, action.action_id, action.value),
      expiresAt: buttonExpiry(press.messageTs, deps.buttonLifetimeMs),
    },
    (runAction) => runAndDeliver(deps, where, access.actor, runAction),
    (reply) => sendEphemeral(deps, ephemeral, reply),
  );
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
