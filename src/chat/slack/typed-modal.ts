import type { App } from '@slack/bolt';
import type { Reply, TypedConfirmation } from '../../reply/model';
import { pressButton } from '../press-button';
import { typedModalCallbackId } from './app-surface';
import { buttonExpiry } from './button-claim';
import { actionIdFromWireId } from './button-wire-id';
import { chatContext, deliverReply, sendEphemeral, type ReplyDestination } from './deliver-reply';
import type { HandlerDeps } from './handler-deps';
import { cleanPlainText, shortenLabel } from './mrkdwn';
import { parseModalMetadata, typedModalInputIds, typedModalMetadata, typedModalSubmission, type TypedModalMetadata } from './payloads';
import { replaceAnsweredButtons } from './replace-answered-buttons';
import { slackLimits } from './slack-limits';

/** Slack closes a view_submission after 3 s: the modal answers within this, and later news goes to the presser privately. */
export const typedModalAnswerMs = 2_000;

const plain = (text: string, max: number) => ({ type: 'plain_text' as const, text: shortenLabel(cleanPlainText(text), max) });

/**
 * private_metadata holds 3000 characters. The message is kept without its buttons (the decision
 * replaces them) and, when long (a long queue list), only its leading blocks that fit: the header
 * says which runbook it was, and the thread keeps the rest.
 */
function fitMetadata(metadata: TypedModalMetadata): string {
  const { answered } = metadata;
  if (answered.kind !== 'message') return JSON.stringify(metadata);
  const blocks = answered.blocks.filter((block) => block.type !== 'actions');
  const text = shortenLabel(answered.text, metadataTextChars);
  for (let kept = blocks.length; ; kept--) {
    const json = JSON.stringify({ ...metadata, answered: { ...answered, text, blocks: blocks.slice(0, kept) } });
    if (json.length <= slackLimits.privateMetadata || kept === 0) return json;
  }
}

/** The message's notification text kept for the rewrite: room for the blocks matters more. */
const metadataTextChars = 500;

/** Opens the modal that asks for the typed word; called right after the press's ack, while its trigger_id lives. */
export async function openTypedModal(deps: HandlerDeps, triggerId: string, typed: TypedConfirmation, metadata: TypedModalMetadata): Promise<void> {
  await deps.client.views.open({
    trigger_id: triggerId,
    view: {
      type: 'modal',
      callback_id: typedModalCallbackId,
      private_metadata: fitMetadata(metadata),
      title: plain(typed.title, slackLimits.modalTitle),
      submit: plain(typed.submitLabel, slackLimits.modalButton),
      close: plain('Cancel', slackLimits.modalButton),
      blocks: [
        { type: 'section', text: plain(typed.text, slackLimits.sectionText) },
        {
          type: 'input',
          block_id: typedModalInputIds.block,
          label: plain(typed.label, slackLimits.inputLabel),
          element: { type: 'plain_text_input', action_id: typedModalInputIds.element },
        },
      ],
    },
  });
}

/** The modal's one answer to Slack: an error under the input (the modal stays), or close. */
interface ModalAnswer {
  readonly open: boolean;
  error(text: string): Promise<void>;
  close(): Promise<void>;
}

type ModalErrors = { readonly response_action: 'errors'; readonly errors: Record<string, string> };

function modalAnswer(ack: (response?: ModalErrors) => Promise<void>): ModalAnswer {
  let open = true;
  const once = async (response?: ModalErrors) => {
    if (!open) return;
    open = false;
    await ack(response);
  };
  return {
    get open() {
      return open;
    },
    error: (text) => once({ response_action: 'errors', errors: { [typedModalInputIds.block]: text } }),
    close: () => once(),
  };
}

/**
 * The submission is the press of the button that opened the modal, with the typed word: the same
 * claim, the same action, whose own rules judge the word. A refusal that comes back while the modal
 * is still open is shown under the input, so the person can correct it; anything else closes it.
 */
async function submitTyped(deps: HandlerDeps, user: string, metadata: TypedModalMetadata, typed: string, answer: ModalAnswer): Promise<void> {
  const where: ReplyDestination = { channel: metadata.channel, ephemeral: { kind: 'response-url', url: metadata.responseUrl }, ...(metadata.threadTs ? { threadTs: metadata.threadTs } : {}) };
  const tell = async (reply: Reply) => (answer.open ? answer.error(reply.summary) : sendEphemeral(deps, where.ephemeral, reply));
  const access = await deps.access.decide(metadata.channel, user);
  if (access.kind === 'refused') return tell(access.reply);
  const { actor } = access;
  await pressButton(
    deps,
    {
      actor,
      channel: metadata.channel,
      actionId: actionIdFromWireId(metadata.wireId),
      value: metadata.value,
      claimKey: metadata.claimKey,
      expiresAt: buttonExpiry(metadata.messageTs, deps.buttonLifetimeMs),
      typed,
    },
    async (runAction) => {
      const { ctx, live } = chatContext(deps, where, actor);
      // Progress means the decision is taken and the work has started: the modal has nothing left to say.
      const progress = (partial: Reply) => {
        void answer.close();
        ctx.progress(partial);
      };
      const reply = await runAction({ ...ctx, progress });
      if (reply.ephemeral && answer.open) return answer.error(reply.summary);
      await answer.close();
      await deliverReply(deps, where, live, reply);
      if (reply.decided) await replaceAnsweredButtons(deps, metadata.answered, reply.decided);
    },
    tell,
  );
}

export function registerTypedModal(app: App, deps: HandlerDeps): void {
  app.view({ callback_id: typedModalCallbackId, type: 'view_submission' }, async ({ ack, body }) => {
    const parsed = typedModalSubmission.safeParse(body);
    const metadata = parsed.success ? parseModalMetadata(typedModalMetadata, parsed.data.privateMetadata) : null;
    if (!parsed.success || metadata === null) {
      await ack();
      deps.logger.warn({ issues: parsed.success ? 'private_metadata' : parsed.error.issues }, 'unexpected typed-word modal submission');
      return;
    }
    const answer = modalAnswer((response) => ack(response));
    const deadline = setTimeout(() => void answer.close(), typedModalAnswerMs);
    try {
      await submitTyped(deps, parsed.data.user, metadata, parsed.data.text, answer);
    } catch (e) {
      deps.logger.error({ err: e, channel: metadata.channel, user: parsed.data.user }, 'typed-word submission failed');
    } finally {
      clearTimeout(deadline);
      await answer.close();
    }
  });
}
