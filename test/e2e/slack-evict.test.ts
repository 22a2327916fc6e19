import amqp from 'amqplib';
import { buildRegistry } from '../../src/app/build-registry';
import { createServices, type RunningServices } from '../../src/app/create-services';
import { createSlackBot, type SlackBot } from '../../src/chat/slack/create-slack-bot';
import { loadConfigFile } from '../../src/config/load-config';
import type { BotConfig } from '../../src/config/schema';
import { silentLogger } from '../../src/observability/logger';
import { capturedLogger } from '../helpers/captured-logger';
import { FakeSlack, type RecordedCall } from '../helpers/fake-slack';
import { useTestLab } from '../helpers/lab';
import { buttonPressPayloadJson, interactionBody, postSigned, slashCommandBody, testSigningSecret } from '../helpers/slack-requests';
import { nodeAnswerBoundMs, SCHEDULING_SLACK_MS } from '../helpers/wait-for';
import { buttonIn, type SlackBlockJson, type SlackButtonJson } from '../slack/posted-buttons';
import { typedSubmissionBody } from '../slack/typed-modal-submission';

// The e2e project's testTimeout in jest.config.js does not reach the tests (jest 30 treats it as a global option).
jest.setTimeout(400_000);

const QUEUE = 'cq.slack3';
const channel = 'C0INCIDENT';
const alice = 'U0ALICE';
const bob = 'U0BOB';
const carol = 'U0CAROL';

/** Alice opens the runbook and also holds the approver role, so the engine's own "not the requester" rule is what refuses her approval. */
const chat: BotConfig['chat'] = { allowedChannels: [], roles: { viewer: ['*'], operator: [carol], approver: [alice, bob] }, timeZone: 'Europe/Paris' };

/** A message as people see it now: its ts, and the blocks it was last posted or updated with. */
interface ShownMessage {
  readonly ts: string;
  readonly text: string;
  readonly blocks: readonly SlackBlockJson[];
}

const shown = (call: RecordedCall): ShownMessage => ({
  ts: String(call.method === 'chat.update' ? call.body.ts : call.answer?.ts),
  text: String(call.body.text),
  blocks: (call.body.blocks ?? []) as SlackBlockJson[],
});

const isMessageCall = (c: RecordedCall) => c.method === 'chat.postMessage' || c.method === 'chat.update';
const decisionUpdates = (fake: FakeSlack) => fake.callsTo('chat.update').filter((c) => JSON.stringify(c.body.blocks ?? []).includes(':white_check_mark:'));

describe('the evict runbook through Slack (signed requests, real Bolt app, fake Web API) on a real lab whose node 3 crashed', () => {
  const lab = useTestLab({ nodes: 3 });
  let running: RunningServices | null = null;
  let bot: SlackBot | null = null;
  let fake: FakeSlack | null = null;

  afterAll(async () => {
    await bot?.stop();
    await running?.close();
    await fake?.close();
  });

  it('pre-checks with the deletion warning, confirm dialog, typed-name modal, requester refused as approver, approved by a second person, runs once, verifies, and every decision replaced its buttons', async () => {
    const amqpConnection = await amqp.connect(`amqp://guest:guest@127.0.0.1:${lab().node('3').amqpPort}`, { timeout: 5_000 });
    amqpConnection.on('error', () => undefined);
    const amqpChannel = await amqpConnection.createConfirmChannel();
    await amqpChannel.assertQueue(QUEUE, { durable: true });
    for (const n of [1, 2, 3]) amqpChannel.sendToQueue(QUEUE, Buffer.from(`order ${n}`), { persistent: true });
    await amqpChannel.waitForConfirms();
    await amqpConnection.close();
    await lab().crash('3');

    const loaded = loadConfigFile(lab().configPath);
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.error));
    // No waiting period for the test: "down long enough" is measured from when the runbook first saw it down.
    const config: BotConfig = { ...loaded.value.config, chat, runbooks: { ...loaded.value.config.runbooks, evictAfterDownMs: 0 } };
    running = createServices({ ...loaded.value, config }, silentLogger);
    const log = capturedLogger('warn');
    fake = await FakeSlack.start();
    const created = await createSlackBot({
      tokens: { kind: 'ok', botToken: 'xoxb-1234-5678-abcdefghijkl', transport: { kind: 'http', signingSecret: testSigningSecret }, apiUrl: fake.apiUrl },
      registry: buildRegistry(),
      services: running,
      logger: log.logger,
      listen: { port: 0, host: '127.0.0.1' },
    });
    if (!created.ok) throw new Error(JSON.stringify(created.error));
    bot = created.value;
    const { eventsUrl } = await bot.start();
    if (eventsUrl === null) throw new Error('the HTTP receiver gave no events URL');
    const slack = fake;
    // A failed wait shows what Slack did receive and what the bot logged: a reader sees the flow without a rerun.
    const waitFor = async (match: (c: RecordedCall) => boolean, timeoutMs: number): Promise<RecordedCall> => {
      try {
        return await slack.waitFor(match, timeoutMs);
      } catch (e) {
        const seen = slack.calls.map((c) => `${c.method} ${c.path} ts=${String(c.body.ts ?? c.answer?.ts ?? '')} thread=${String(c.body.thread_ts ?? '')} ${String(c.body.text ?? JSON.stringify(c.body)).slice(0, 300)}`);
        process.stderr.write(`[slack evict e2e] calls:\n${seen.join('\n')}\nbot log:\n${log.lines.join('\n')}\n`);
        throw e;
      }
    };

    // Bounds from the configured deadlines: a pre-check round inspects the cluster and lists queues; a run adds the mutation deadline.
    const roundMs = 3 * nodeAnswerBoundMs(config.deadlines) + SCHEDULING_SLACK_MS;
    const runMs = config.deadlines.mutationMs + 3 * roundMs;
    const dead = lab().node('3').name;

    // Survivors notice a kill -9 within half a second; a busy machine may need a few rounds, each a new runbook id.
    let opened: ShownMessage | null = null;
    for (let attempt = 1; attempt <= 10 && opened === null; attempt++) {
      await postSigned(eventsUrl, slashCommandBody({ text: `evict ${dead}`, user: alice, channel, responseUrl: slack.responseUrl(`open-${attempt}`) }));
      const final = shown(await waitFor((c) => isMessageCall(c) && new RegExp(`RB-${attempt}\\b`).test(String(c.body.text)), roundMs));
      if (final.text.includes('awaiting-confirmation')) opened = final;
    }
    if (opened === null) throw new Error('the evict runbook never passed its pre-checks');
    const id = /(RB-\d+):/.exec(opened.text)?.[1] ?? '';
    const openedText = JSON.stringify(opened.blocks);
    process.stderr.write(`[slack evict e2e] ${id} opened\n${openedText}\n`);
    expect(openedText).toContain(`DELETED by forget: durable classic queue '${QUEUE}' (vhost /)`);
    expect(openedText).toContain('not mirrored; its messages are lost for good');
    expect(openedText).toContain('down per every reachable peer');

    // The confirm dialog is drawn on the button; Slack shows it before the click leaves the client.
    const confirm = buttonIn(opened.blocks, 'runbook.confirm');
    expect(confirm.confirm).toMatchObject({ title: { text: `evict ${dead}?` }, style: 'danger' });
    const press = (message: ShownMessage, button: SlackButtonJson, user: string, answerId: string, triggerId?: string) =>
      postSigned(
        eventsUrl,
        interactionBody(buttonPressPayloadJson({ actionId: button.action_id, value: button.value, messageTs: message.ts, responseUrl: slack.responseUrl(answerId), user, channel, blocks: message.blocks, ...(triggerId ? { triggerId } : {}) })),
      );

    await press(opened, confirm, alice, 'confirm', 'TRIGGER-EVICT');
    const modal = await waitFor((c) => c.method === 'views.open', roundMs);
    expect(modal.body.trigger_id).toBe('TRIGGER-EVICT');

    const wrong = await postSigned(eventsUrl, typedSubmissionBody(modal, lab().node('2').name, alice));
    expect(JSON.parse(wrong.text)).toEqual({ response_action: 'errors', errors: { typed_word: `${id}: "${lab().node('2').name}" is not ${dead}; nothing was done. Type the node's name exactly.` } });
    expect(decisionUpdates(slack)).toEqual([]);

    expect(await postSigned(eventsUrl, typedSubmissionBody(modal, dead, alice))).toEqual({ status: 200, text: '' });
    const confirmedUpdate = await waitFor((c) => c.method === 'chat.update' && c.body.ts === opened.ts && JSON.stringify(c.body.blocks).includes('Confirmed'), roundMs);
    expect(shown(confirmedUpdate).blocks.some((b) => b.type === 'actions')).toBe(false);
    expect(JSON.stringify(confirmedUpdate.body.blocks)).toMatch(new RegExp(`Confirmed ${id} \\(typed ${dead}\\) by <@${alice}> at \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d CET`));
    // The pre-checks and the warning stay on the message; only the buttons gave way.
    expect(JSON.stringify(confirmedUpdate.body.blocks)).toContain(`DELETED by forget: durable classic queue '${QUEUE}'`);

    const awaiting = shown(await waitFor((c) => isMessageCall(c) && c.body.thread_ts === opened.ts && String(c.body.text).includes('awaiting-approval'), roundMs));
    const approve = buttonIn(awaiting.blocks, 'runbook.approve');

    await press(awaiting, approve, alice, 'approve-alice');
    const requesterRefused = await waitFor((c) => c.path === '/response/approve-alice', roundMs);
    expect(JSON.stringify(requesterRefused.body)).toContain('you opened it, so you cannot approve it');
    await press(awaiting, approve, carol, 'approve-carol');
    const roleRefused = await waitFor((c) => c.path === '/response/approve-carol', roundMs);
    expect(JSON.stringify(roleRefused.body)).toContain('needs the approver role; you have operator');

    // Bob double-clicks Approve: one run; the second click is told who pressed it.
    await press(awaiting, approve, bob, 'approve-bob-1');
    await press(awaiting, approve, bob, 'approve-bob-2');
    const second = await waitFor((c) => c.path === '/response/approve-bob-2', roundMs);
    expect(JSON.stringify(second.body)).toMatch(/This button (is already running|already ran, so I did not run it again)/);
    expect(JSON.stringify(second.body)).toContain(`Pressed by ${bob}`);

    // Posted in the thread as progress, then updated in place with the result (chat.update carries no thread_ts).
    const done = await waitFor((c) => isMessageCall(c) && new RegExp(`^\\S+ ${id}: evict ${dead} \\(cluster lab\\) — done`).test(String(c.body.text)), runMs);
    const doneText = JSON.stringify(done.body.blocks);
    process.stderr.write(`[slack evict e2e] ${id} approved\n${doneText}\n`);
    expect(doneText).toContain('verify no peer lists it');
    expect(doneText).toContain('inconsistent_cluster');

    const approvedUpdate = await waitFor((c) => c.method === 'chat.update' && c.body.ts === awaiting.ts && JSON.stringify(c.body.blocks).includes('Approved'), roundMs);
    expect(shown(approvedUpdate).blocks.some((b) => b.type === 'actions')).toBe(false);
    expect(JSON.stringify(approvedUpdate.body.blocks)).toMatch(new RegExp(`Approved ${id} by <@${bob}> at \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d CET`));
    expect(decisionUpdates(slack).map((c) => c.body.ts)).toEqual([opened.ts, awaiting.ts]);

    // One run: forget_cluster_node was sent once.
    const timeline = await running.store.listTimeline({ channel, limit: 500 });
    const actions = timeline.events.filter((e) => e.kind === 'runbook-action' && (e.details as { runbookId?: string }).runbookId === id);
    expect(actions).toHaveLength(1);
  });
});
