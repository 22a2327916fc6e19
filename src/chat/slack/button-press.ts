import type { App } from '@slack/bolt';
import { pressButton } from '../press-button';
import { buttonClaimKey, buttonExpiry } from './button-claim';
import { actionIdFromWireId, asksForTypedWord } from './button-wire-id';
import { runAndDeliver, sendEphemeral, type EphemeralTarget } from './deliver-reply';
import type { HandlerDeps } from './handler-deps';
import { buttonPressPayload, type ButtonPress } from './payloads';
import { replaceAnsweredButtons } from './replace-answered-buttons';
import { decodeTypedButtonValue } from './typed-button-value';
import { openTypedModal } from './typed-modal';

type PressedButton = ButtonPress['actions'][number];

/**
 * A button that asks for a typed word opens its modal and nothing else: the modal's submission is the
 * press. Only the synchronous channel check comes first, since the trigger_id dies 3 s after the click.
 */
async function askForTypedWord(deps: HandlerDeps, press: ButtonPress, action: PressedButton): Promise<void> {
  const ephemeral: EphemeralTarget = { kind: 'response-url', url: press.responseUrl };
  const refusal = deps.access.channelRefusal(press.channel);
  if (refusal) return sendEphemeral(deps, ephemeral, refusal);
  const decoded = decodeTypedButtonValue(action.value);
  if (decoded === null) {
    deps.logger.warn({ actionId: action.action_id }, 'a typed-word button without its question');
    return;
  }
  await openTypedModal(deps, press.triggerId, decoded.typed, {
    channel: press.channel,
    messageTs: press.messageTs,
    ...(press.threadTs ? { threadTs: press.threadTs } : {}),
    responseUrl: press.responseUrl,
    wireId: action.action_id,
    claimKey: buttonClaimKey(press.channel, press.messageTs, action.action_id, action.value),
    value: decoded.value,
    answered: press.answered,
  });
}

async function handlePress(deps: HandlerDeps, press: ButtonPress): Promise<void> {
  const [action] = press.actions;
  if (!action) return;
  if (asksForTypedWord(action.action_id)) return askForTypedWord(deps, press, action);
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
    async (runAction) => {
      const reply = await runAndDeliver(deps, where, access.actor, runAction);
      if (reply.decided) await replaceAnsweredButtons(deps, press.answered, reply.decided);
    },
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
