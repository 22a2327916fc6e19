import { z } from 'zod';
import type { ActionDefinition, CommandDefinition } from '../../src/commands/types';
import type { Reply } from '../../src/reply/model';
import type { RecordedCall } from '../helpers/fake-slack';
import { buttonPressPayloadJson, interactionBody, nowSeconds, postSigned, slashCommandBody } from '../helpers/slack-requests';
import { startBot, type Harness } from './harness';
import { buttonIn, type SlackBlockJson } from './posted-buttons';
import { typedSubmissionBody } from './typed-modal-submission';

const anyArgs = z.object({ positional: z.array(z.string()), flags: z.record(z.string(), z.union([z.string(), z.literal(true)])) });

const target = 'rabbit3@localhost';
const decidedAt = '2026-11-30T11:40:03.000Z';
/** The same instant in the channel's configured zone. */
const decidedAtParis = '2026-11-30 12:40:03 CET';

const blocksOf = (call: RecordedCall): SlackBlockJson[] => (call.body.blocks ?? []) as SlackBlockJson[];
const buttonOf = (call: RecordedCall, actionId: string) => buttonIn(blocksOf(call), actionId);

/** Actions that stand for the runbook engine's rules here: the Slack path is what is under test. */
function testActions() {
  const runs: string[] = [];
  let release: () => void = () => undefined;
  const gate = { entered: false, open: new Promise<void>((resolve) => (release = resolve)) };
  const decided = (what: string, by: string): Reply => ({ summary: `${what} by ${by}`, blocks: [{ kind: 'text', text: `${what} by ${by}` }], decided: { by, what, at: decidedAt } });
  const refusal = (text: string): Reply => ({ summary: text, mark: 'warning', ephemeral: true, blocks: [{ kind: 'text', text, mark: 'warning' }] });
  const typedAction: ActionDefinition = {
    actionId: 'test.typed',
    permission: 'viewer',
    run: async (value, ctx, typed) => {
      if (typed === 'slow') {
        gate.entered = true;
        await gate.open;
      }
      if (typed !== target) return refusal(`"${typed ?? ''}" is not ${target}; nothing was done.`);
      runs.push(`typed ${value}`);
      return decided(`Confirmed ${value} (typed ${target})`, ctx.actor.id);
    },
  };
  const approveAction: ActionDefinition = {
    actionId: 'test.approve',
    permission: 'viewer',
    run: async (value, ctx) => {
      if (ctx.actor.id === 'U0ALICE') return refusal('you opened it, so you cannot approve it');
      gate.entered = true;
      await gate.open;
      runs.push(`approve ${value}`);
      return decided(`Approved ${value}`, ctx.actor.id);
    },
  };
  const ask: CommandDefinition<z.infer<typeof anyArgs>> = {
    name: 'ask',
    summary: 'test: a reply with a typed-name button and an approve button',
    usage: '/rmq ask',
    permission: 'viewer',
    args: anyArgs,
    run: async ({ flags }) => ({
      summary: 'T-1: evict rabbit3@localhost',
      blocks: [
        { kind: 'header', text: 'T-1: evict rabbit3@localhost' },
        ...(flags.long ? [{ kind: 'text' as const, text: 'queue '.repeat(500) }] : []),
        {
          kind: 'actions',
          buttons: [
            {
              actionId: 'test.typed',
              label: 'Type the name to confirm',
              value: 'T-1',
              style: 'danger',
              confirm: { title: 'evict rabbit3@localhost?', text: 'It cannot be undone.', confirmLabel: 'Go on', denyLabel: 'Cancel' },
              typed: { title: 'Confirm T-1', text: 'evict rabbit3@localhost cannot be undone.', label: `Node name (${target})`, submitLabel: 'Confirm' },
            },
            { actionId: 'test.approve', label: 'Approve', value: 'T-1' },
          ],
        },
      ],
    }),
  };
  return { runs, gate, release: () => release(), commands: [ask], actions: [typedAction, approveAction] };
}

let h: Harness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

async function posted(harness: Harness, text = 'ask'): Promise<RecordedCall> {
  expect((await postSigned(harness.eventsUrl, slashCommandBody({ text, responseUrl: harness.fake.responseUrl('slash') }))).status).toBe(200);
  return harness.fake.waitFor((c) => c.method === 'chat.postMessage' && String(c.body.text).startsWith('T-1'));
}

function ts(call: RecordedCall): string {
  return String(call.answer?.ts);
}

describe('a button that asks for the typed name', () => {
  it('opens a modal with the press trigger_id; a wrong name is answered under the input and spends nothing; the right one runs once and replaces the buttons', async () => {
    const t = testActions();
    h = await startBot({ extraCommands: t.commands, extraActions: t.actions, chat: { timeZone: 'Europe/Paris' } });
    const message = await posted(h);
    const button = buttonOf(message, 'test.typed');
    expect(button.action_id).toBe('test.typed:0:typed');
    // Slack shows the confirm dialog before the click leaves the client; the modal comes after it.
    expect(button.confirm).toMatchObject({ title: { text: 'evict rabbit3@localhost?' }, style: 'danger' });

    const press = buttonPressPayloadJson({ actionId: button.action_id, value: button.value, messageTs: ts(message), responseUrl: h.fake.responseUrl('press'), blocks: blocksOf(message), triggerId: 'T-TRIGGER-1' });
    expect((await postSigned(h.eventsUrl, interactionBody(press))).status).toBe(200);
    const opened = await h.fake.waitFor((c) => c.method === 'views.open');
    expect(opened.body.trigger_id).toBe('T-TRIGGER-1');
    expect(opened.body.view).toMatchObject({ type: 'modal', callback_id: 'rmq.typed', title: { text: 'Confirm T-1' }, submit: { text: 'Confirm' } });
    expect(JSON.stringify(opened.body.view)).toContain(`Node name (${target})`);

    const wrong = await postSigned(h.eventsUrl, typedSubmissionBody(opened, 'rabbit2@localhost', 'U0ALICE'));
    expect(wrong.status).toBe(200);
    expect(JSON.parse(wrong.text)).toEqual({ response_action: 'errors', errors: { typed_word: `"rabbit2@localhost" is not ${target}; nothing was done.` } });
    expect(t.runs).toEqual([]);

    const right = await postSigned(h.eventsUrl, typedSubmissionBody(opened, ` ${target} `, 'U0ALICE'));
    expect(right).toEqual({ status: 200, text: '' });
    const update = await h.fake.waitFor((c) => c.method === 'chat.update');
    expect(update.body).toMatchObject({ channel: 'C0INCIDENT', ts: ts(message) });
    const blocks = blocksOf(update);
    expect(blocks.map((b) => b.type)).toEqual(['header', 'context']);
    expect(JSON.stringify(blocks[1])).toContain(`Confirmed T-1 (typed ${target}) by <@U0ALICE> at ${decidedAtParis}`);
    const threaded = await h.fake.waitFor((c) => c.method === 'chat.postMessage' && c.body.thread_ts === ts(message));
    expect(threaded.body.text).toContain('Confirmed T-1');
    expect(t.runs).toEqual(['typed T-1']);

    // The same modal submitted again (a double click on Submit) does not run it twice.
    const again = await postSigned(h.eventsUrl, typedSubmissionBody(opened, target, 'U0ALICE'));
    // Refused by the button's claim, whether the first run is still finishing or done.
    expect(JSON.parse(again.text)).toMatchObject({ response_action: 'errors', errors: { typed_word: expect.stringMatching(/^This button (is already running|already ran, so I did not run it again)\.$/) } });
    expect(t.runs).toEqual(['typed T-1']);
  });

  it('keeps private_metadata within 3000 characters when the message is long', async () => {
    const t = testActions();
    h = await startBot({ extraCommands: t.commands, extraActions: t.actions });
    const message = await posted(h, 'ask --long');
    const button = buttonOf(message, 'test.typed');
    const press = buttonPressPayloadJson({ actionId: button.action_id, value: button.value, messageTs: ts(message), responseUrl: h.fake.responseUrl('press'), blocks: blocksOf(message) });
    await postSigned(h.eventsUrl, interactionBody(press));
    const opened = await h.fake.waitFor((c) => c.method === 'views.open');
    const metadata = String((opened.body.view as { private_metadata: string }).private_metadata);
    expect(metadata.length).toBeLessThanOrEqual(3000);
    expect(await postSigned(h.eventsUrl, typedSubmissionBody(opened, target, 'U0ALICE'))).toEqual({ status: 200, text: '' });
    const update = await h.fake.waitFor((c) => c.method === 'chat.update');
    expect(JSON.stringify(update.body.blocks)).toContain('T-1: evict rabbit3@localhost');
    expect(JSON.stringify(update.body.blocks)).toContain('Confirmed T-1');
  });
});

describe('a typed-name submission that does not fit the modal', () => {
  it('answers Slack within its 3 s even when the action is slow, and a late refusal reaches the presser privately', async () => {
    const t = testActions();
    h = await startBot({ extraCommands: t.commands, extraActions: t.actions });
    const message = await posted(h);
    const button = buttonOf(message, 'test.typed');
    await postSigned(h.eventsUrl, interactionBody(buttonPressPayloadJson({ actionId: button.action_id, value: button.value, messageTs: ts(message), responseUrl: h.fake.responseUrl('late'), blocks: blocksOf(message) })));
    const opened = await h.fake.waitFor((c) => c.method === 'views.open');
    // The action holds until the test lets it go: Slack's answer must not wait for it.
    expect(await postSigned(h.eventsUrl, typedSubmissionBody(opened, 'slow', 'U0ALICE'))).toEqual({ status: 200, text: '' });
    expect(t.gate.entered).toBe(true);
    t.release();
    const late = await h.fake.waitFor((c) => c.path === '/response/late');
    expect(String(late.body.text)).toContain('"slow" is not rabbit3@localhost');
    expect(late.body.response_type).toBe('ephemeral');
  });

  it('a submission whose private_metadata is not ours is acknowledged and runs nothing', async () => {
    const t = testActions();
    h = await startBot({ extraCommands: t.commands, extraActions: t.actions });
    const forged = { method: 'views.open', path: '/api/views.open', headers: {}, at: 0, body: { view: { callback_id: 'rmq.typed', private_metadata: '{"channel":"C0INCIDENT"}', blocks: [{ type: 'input', block_id: 'typed_word', element: { action_id: 'typed_word_text' } }] } } };
    expect(await postSigned(h.eventsUrl, typedSubmissionBody(forged, target, 'U0ALICE'))).toEqual({ status: 200, text: '' });
    expect(t.runs).toEqual([]);
    expect(h.fake.calls.filter((c) => c.method !== 'auth.test')).toEqual([]);
  });
});

describe('decision buttons', () => {
  it('a refusal spends nothing; a double click runs once and the second presser is told who pressed; the buttons are replaced after', async () => {
    const t = testActions();
    h = await startBot({ extraCommands: t.commands, extraActions: t.actions });
    const message = await posted(h);
    const button = buttonOf(message, 'test.approve');
    const pressBy = (user: string, id: string) =>
      postSigned(h?.eventsUrl ?? '', interactionBody(buttonPressPayloadJson({ actionId: button.action_id, value: button.value, messageTs: ts(message), responseUrl: h?.fake.responseUrl(id) ?? '', blocks: blocksOf(message), user })));

    await pressBy('U0ALICE', 'alice');
    const refused = await h.fake.waitFor((c) => c.path === '/response/alice');
    expect(JSON.stringify(refused.body)).toContain('you opened it, so you cannot approve it');

    await pressBy('U0BOB', 'bob');
    const deadline = Date.now() + 5_000;
    while (!t.gate.entered && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    expect(t.gate.entered).toBe(true);
    await pressBy('U0CAROL', 'carol');
    const told = await h.fake.waitFor((c) => c.path === '/response/carol');
    expect(JSON.stringify(told.body)).toContain('This button is already running.');
    expect(JSON.stringify(told.body)).toContain('Pressed by U0BOB');
    t.release();

    const update = await h.fake.waitFor((c) => c.method === 'chat.update');
    expect(update.body.ts).toBe(ts(message));
    expect(blocksOf(update).some((b) => b.type === 'actions')).toBe(false);
    expect(JSON.stringify(update.body.blocks)).toMatch(/Approved T-1 by <@U0BOB> at 2026-11-30 11:40:03 UTC/);
    expect(t.runs).toEqual(['approve T-1']);
  });

  it('in an ephemeral message (no `message` in the payload), the decision replaces it through the response_url', async () => {
    const t = testActions();
    t.release();
    h = await startBot({ extraCommands: t.commands, extraActions: t.actions });
    const press = buttonPressPayloadJson({ actionId: 'test.approve:1', value: 'T-1', messageTs: `${nowSeconds()}.000700`, responseUrl: h.fake.responseUrl('eph'), user: 'U0BOB', ephemeral: true });
    await postSigned(h.eventsUrl, interactionBody(press));
    const replaced = await h.fake.waitFor((c) => c.path === '/response/eph' && c.body.replace_original === true);
    expect(JSON.stringify(replaced.body.blocks)).toContain('Approved T-1 by <@U0BOB> at 2026-11-30 11:40:03 UTC');
    expect(h.fake.callsTo('chat.update')).toEqual([]);
  });
});
