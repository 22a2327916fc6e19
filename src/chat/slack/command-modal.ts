import type { App } from '@slack/bolt';
import { commandModalCallbackId } from './app-surface';
import type { HandlerDeps } from './handler-deps';
import { commandModalInputIds, commandModalMetadata, commandModalSubmission, parseModalMetadata } from './payloads';
import { runChatCommand } from './run-chat-command';

/** `/rmq` alone opens a small form: the command is typed there, with an example, instead of failing. */
export async function openCommandModal(deps: HandlerDeps, triggerId: string, channel: string): Promise<void> {
  await deps.client.views.open({
    trigger_id: triggerId,
    view: {
      type: 'modal',
      callback_id: commandModalCallbackId,
      private_metadata: JSON.stringify({ channel }),
      title: { type: 'plain_text', text: 'Run /rmq' },
      submit: { type: 'plain_text', text: 'Run' },
      close: { type: 'plain_text', text: 'Cancel' },
      blocks: [
        {
          type: 'input',
          block_id: commandModalInputIds.block,
          label: { type: 'plain_text', text: 'Command' },
          hint: { type: 'plain_text', text: 'For example: help. The reply is posted in the channel where you typed /rmq.' },
          element: { type: 'plain_text_input', action_id: commandModalInputIds.element, placeholder: { type: 'plain_text', text: 'help' } },
        },
      ],
    },
  });
}

export function registerCommandModal(app: App, deps: HandlerDeps): void {
  app.view(commandModalCallbackId, async ({ ack, body }) => {
    const parsed = commandModalSubmission.safeParse(body);
    const channel = parsed.success ? (parseModalMetadata(commandModalMetadata, parsed.data.privateMetadata)?.channel ?? null) : null;
    if (!parsed.success || channel === null) {
      await ack();
      deps.logger.warn({ issues: parsed.success ? 'private_metadata' : parsed.error.issues }, 'unexpected command modal submission');
      return;
    }
    const { text, user } = parsed.data;
    if (text === '') {
      await ack({ response_action: 'errors', errors: { [commandModalInputIds.block]: 'Type a command, for example: help' } });
      return;
    }
    await ack();
    try {
      await runChatCommand(deps, { channel, user, text, ephemeral: { kind: 'user', channel, user } });
    } catch (e) {
      deps.logger.error({ err: e, channel, user }, 'command from the modal failed');
    }
  });
}
