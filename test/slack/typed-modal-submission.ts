import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { RecordedCall } from '../helpers/fake-slack';
import { interactionBody } from '../helpers/slack-requests';

const captured = z.object({ source: z.string().url(), payload: z.record(z.string(), z.unknown()) });

/**
 * A view_submission of the modal the bot opened (`opened`: its recorded views.open call), built on
 * bolt-python's capture (test/fixtures/slack-payloads/view-submission-grid.json; `source` there).
 * Only what routes it to this modal and this person is replaced: the user, the view's callback id,
 * private_metadata and input ids, and the typed value. The rest of the shape is Slack's.
 */
export function typedSubmissionBody(opened: RecordedCall, typed: string, user: string): string {
  const file = path.join(__dirname, '..', 'fixtures', 'slack-payloads', 'view-submission-grid.json');
  const payload = structuredClone(captured.parse(JSON.parse(readFileSync(file, 'utf8'))).payload) as Record<string, unknown>;
  const sent = z.object({ callback_id: z.string(), private_metadata: z.string(), blocks: z.array(z.looseObject({ type: z.string(), block_id: z.string().optional(), element: z.object({ action_id: z.string() }).optional() })) }).parse(opened.body.view);
  const input = sent.blocks.find((b) => b.type === 'input');
  if (!input?.block_id || !input.element) throw new Error(`the modal has no input block: ${JSON.stringify(sent.blocks)}`);
  payload.user = { ...(payload.user as object), id: user };
  payload.view = {
    ...(payload.view as object),
    callback_id: sent.callback_id,
    private_metadata: sent.private_metadata,
    blocks: sent.blocks,
    state: { values: { [input.block_id]: { [input.element.action_id]: { type: 'plain_text_input', value: typed } } } },
  };
  return interactionBody(payload);
}
