import type { App } from '@slack/bolt';
import { excerpt } from '../../observability/excerpt';
import { slashCommand } from './app-surface';
import { openCommandModal } from './command-modal';
import { sendEphemeral, type EphemeralTarget } from './deliver-reply';
import type { HandlerDeps } from './handler-deps';
import { slashCommandPayload } from './payloads';
import { runChatCommand } from './run-chat-command';

/**
 * `/rmq …`: acknowledged before anything else (Slack gives 3 s; SSH to a dead node takes longer),
 * then answered with a message in the channel, or privately for refusals and help.
 */
export function registerSlashCommand(app: App, deps: HandlerDeps): void {
  app.command(slashCommand, async ({ ack, body }) => {
    await ack();
    const parsed = slashCommandPayload.safeParse(body);
    if (!parsed.success) {
      deps.logger.warn({ issues: parsed.error.issues }, 'unexpected slash command payload');
      return;
    }
    const { channel_id: channel, user_id: user, text, response_url, trigger_id } = parsed.data;
    const ephemeral: EphemeralTarget = { kind: 'response-url', url: response_url };
    try {
      if (text.trim() === '') {
        // The trigger lives 3 s and works once: open the modal now, check the user's role on submit.
        const refusal = deps.access.channelRefusal(channel);
        if (refusal) await sendEphemeral(deps, ephemeral, refusal);
        else await openCommandModal(deps, trigger_id, channel);
        return;
      }
      await runChatCommand(deps, { channel, user, text, ephemeral });
    } catch (e) {
      deps.logger.error({ err: e, channel, user, text: excerpt(text) }, 'slash command failed');
    }
  });
}
