import { z } from 'zod';
import type { ActionDefinition, CommandDefinition } from '../../src/commands/types';
import type { RecordedCall } from '../helpers/fake-slack';
import {
  buttonPressPayloadJson,
  interactionBody,
  modalSubmissionPayloadJson,
  nowSeconds,
  postSigned,
  slashCommandBody,
} from '../helpers/slack-requests';
import { labNodes, scriptedInspector, startBot, unreachableReport, upReport, type Harness } from './harness';

/** Test commands take whatever follows their name. */
const anyArgs = z.object({ positional: z.array(z.string()), flags: z.record(z.string(), z.union([z.string(), z.literal(true)])) });

const blocksText = (call: RecordedCall): string => JSON.stringify(call.body.blocks ?? []);

let h: Harness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

describe('slash command over signed HTTP', () => {
  it('acks at once and answers /rmq help privately through the response_url', async () => {
    h = await startBot();
    const started = Date.now();
    const answer = await postSigned(h.eventsUrl, slashCommandBody({ text: 'help', responseUrl: h.fake.responseUrl() }));
    expect(answer.status).toBe(200);
    expect(answer.text).toBe('');
    // Slack's own deadline for the ack; the bench measures the real latency (p99 in ms).
    expect(Date.now() - started).toBeLessThan(3000);
    const reply = await h.fake.waitFor((c) => c.method === 'response_url');
    expect(reply.body).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    expect(blocksText(reply)).toContain('/rmq status [cluster]');
    expect(h.fake.callsTo('chat.postMessage')).toHaveLength(0);
  });

  it('posts one message before a slow node answers, updates it in place, and records the command', async () => {
    h = await startBot({
      inspector: scriptedInspector([
        { delayMs: 20, report: upReport(labNodes[0] as string) },
        { delayMs: 40, report: upReport(labNodes[1] as string) },
        { delayMs: 700, report: unreachableReport(labNodes[2] as string) },
      ]),
    });
    await postSigned(h.eventsUrl, slashCommandBody({ text: 'status lab', responseUrl: h.fake.responseUrl() }));
    const first = await h.fake.waitFor((c) => c.method === 'chat.postMessage');
    expect(first.at).toBeLessThan(h.fake.calls[0] ? h.fake.calls[0].at + 600 : 600);
    expect(first.body.channel).toBe('C0INCIDENT');
    const updates = await h.fake.waitForCount('chat.update', 1);
    const final = await h.fake.waitFor((c) => c.method === 'chat.update' && blocksText(c).includes('SSH unreachable') && blocksText(c).includes('status.refresh'));
    const posted = h.fake.callsTo('chat.postMessage');
    expect(posted).toHaveLength(1);
    for (const u of updates) expect(u.body.ts).toBe(first.answer?.ts);
    expect(final.body.text).toContain('lab:');
    expect(blocksText(first)).toContain(':hourglass_flowing_sand:');
    const timeline = await h.store.listTimeline({ channel: 'C0INCIDENT', limit: 10 });
    expect(timeline.events.map((t) => [t.actor.id, t.kind])).toEqual([['U0ALICE', 'command-run']]);
    expect(timeline.events[0]?.summary).toContain('status lab');
  });

  it('coalesces a burst of progress into few updates, in order, ending with the final reply', async () => {
    const burst: CommandDefinition<z.infer<typeof anyArgs>> = {
      name: 'burst',
      summary: 'test: 20 progress updates in a row',
      usage: '/rmq burst',
      permission: 'viewer',
      args: anyArgs,
      run: async (_args, ctx) => {
        for (let i = 1; i <= 20; i++) ctx.progress({ summary: `step ${i}`, blocks: [{ kind: 'text', text: `step ${i}` }] });
        return { summary: 'done', blocks: [{ kind: 'text', text: 'all 20 steps done', mark: 'ok' }] };
      },
    };
    h = await startBot({ extraCommands: [burst], tune: { posting: { minIntervalMs: 100, maxRateLimitWaits: 3 } } });
    await postSigned(h.eventsUrl, slashCommandBody({ text: 'burst', responseUrl: h.fake.responseUrl() }));
    await h.fake.waitFor((c) => blocksText(c).includes('all 20 steps done'));
    const writes = h.fake.calls.filter((c) => c.method === 'chat.postMessage' || c.method === 'chat.update');
    // 21 shows while the first post waited in the channel queue: they collapse to the latest, the final reply.
    expect(writes.map((w) => [w.method, w.body.text])).toEqual([['chat.postMessage', 'done']]);
  });

  it('splits a reply too long for one message into a thread and attaches long text as a file', async () => {
    const huge: CommandDefinition<z.infer<typeof anyArgs>> = {
      name: 'huge',
      summary: 'test: a reply over every limit',
      usage: '/rmq huge',
      permission: 'viewer',
      args: anyArgs,
      run: async () => ({
        summary: 'a long reply',
        blocks: [
          { kind: 'header', text: 'Long reply' },
          ...Array.from({ length: 80 }, (_, i) => ({ kind: 'text' as const, text: `finding ${i + 1}: ${'x'.repeat(200)}` })),
          { kind: 'preformatted', title: 'rabbit@node7 log', text: Array.from({ length: 500 }, (_, i) => `=ERROR REPORT==== line ${i}`).join('\n') },
        ],
      }),
    };
    h = await startBot({ extraCommands: [huge] });
    await postSigned(h.eventsUrl, slashCommandBody({ text: 'huge', responseUrl: h.fake.responseUrl() }));
    await h.fake.waitFor((c) => c.method === 'files.completeUploadExternal');
    const posts = h.fake.callsTo('chat.postMessage');
    expect(posts.length).toBeGreaterThanOrEqual(2);
    const head = posts[0] as RecordedCall;
    for (const p of posts.slice(1)) expect(p.body.thread_ts).toBe(head.answer?.ts);
    expect(blocksText(head)).toMatch(/Continued in \d+ more messages? in the thread/);
    const complete = h.fake.callsTo('files.completeUploadExternal')[0] as RecordedCall;
    expect(complete.body).toMatchObject({ channel_id: 'C0INCIDENT', thread_ts: head.answer?.ts });
    const upload = h.fake.callsTo('upload')[0] as RecordedCall;
    expect(String(upload.body.raw)).toContain('line 499');
    for (const p of posts) expect((p.body.blocks as unknown[]).length).toBeLessThanOrEqual(50);
  });
});

describe('request authenticity', () => {
  it('rejects a forged signature, a stale timestamp and a replayed request', async () => {
    h = await startBot();
    const body = slashCommandBody({ text: 'help', responseUrl: h.fake.responseUrl() });
    expect((await postSigned(h.eventsUrl, body, { secret: 'not-the-signing-secret-at-all' })).status).toBe(401);
    expect((await postSigned(h.eventsUrl, body, { timestamp: nowSeconds() - 6 * 60 })).status).toBe(401);
    const timestamp = nowSeconds();
    expect((await postSigned(h.eventsUrl, body, { timestamp })).status).toBe(200);
    expect((await postSigned(h.eventsUrl, body, { timestamp })).status).toBe(401);
    await h.fake.waitFor((c) => c.method === 'response_url');
    await new Promise((r) => setTimeout(r, 100));
    expect(h.fake.callsTo('response_url')).toHaveLength(1);
  });
});

describe('who may do what', () => {
  it('refuses, privately and with the reason, a command from a channel outside the allowlist', async () => {
    h = await startBot({ chat: { allowedChannels: ['C0INCIDENT'] } });
    await postSigned(h.eventsUrl, slashCommandBody({ text: 'status', channel: 'C0RANDOM', responseUrl: h.fake.responseUrl() }));
    const refusal = await h.fake.waitFor((c) => c.method === 'response_url');
    expect(refusal.body.response_type).toBe('ephemeral');
    expect(blocksText(refusal)).toContain('C0RANDOM is not in chat.allowedChannels');
    expect(h.fake.callsTo('chat.postMessage')).toHaveLength(0);
  });

  it('refuses a user with no role, and grants a role through a user group (looked up once, cached)', async () => {
    const approverOnly: CommandDefinition<z.infer<typeof anyArgs>> = {
      name: 'whoami',
      summary: 'test: needs approver',
      usage: '/rmq whoami',
      permission: 'approver',
      args: anyArgs,
      run: async (_a, ctx) => ({ summary: `you are ${ctx.actor.id} (${ctx.actor.role})`, blocks: [{ kind: 'text', text: `you are ${ctx.actor.id} (${ctx.actor.role})` }] }),
    };
    h = await startBot({ chat: { roles: { viewer: ['U0ALICE'], operator: [], approver: ['S0ONCALL'] } }, extraCommands: [approverOnly] });
    h.fake.usergroups.set('S0ONCALL', ['U0BOB']);
    await postSigned(h.eventsUrl, slashCommandBody({ text: 'status', user: 'U0MALLORY', responseUrl: h.fake.responseUrl('mallory') }));
    const noRole = await h.fake.waitFor((c) => c.path === '/response/mallory');
    expect(blocksText(noRole)).toContain('U0MALLORY');
    await postSigned(h.eventsUrl, slashCommandBody({ text: 'whoami', user: 'U0ALICE', responseUrl: h.fake.responseUrl('alice') }));
    const tooLow = await h.fake.waitFor((c) => c.path === '/response/alice');
    expect(blocksText(tooLow)).toContain('needs the approver role; you have viewer');
    await postSigned(h.eventsUrl, slashCommandBody({ text: 'whoami', user: 'U0BOB', responseUrl: h.fake.responseUrl('bob') }));
    const posted = await h.fake.waitFor((c) => c.method === 'chat.postMessage');
    expect(posted.body.text).toBe('you are U0BOB (approver)');
    expect(h.fake.callsTo('usergroups.users.list')).toHaveLength(1);
  });
});

describe('buttons', () => {
  const runs: string[] = [];
  const onceAction: ActionDefinition = {
    actionId: 'test.restart',
    permission: 'operator',
    run: async (value, ctx) => {
      runs.push(`${ctx.actor.id}:${value}`);
      await new Promise((r) => setTimeout(r, 150));
      return { summary: `restarted ${value}`, blocks: [{ kind: 'text', text: `restarted ${value}`, mark: 'ok' }] };
    },
  };
  beforeEach(() => runs.splice(0));

  it('runs a button once with the presser as actor, replies in the thread, and says so on a second press', async () => {
    h = await startBot({ chat: { roles: { viewer: ['*'], operator: ['U0ALICE', 'U0BOB'], approver: [] } }, extraActions: [onceAction] });
    const messageTs = `${nowSeconds()}.000200`;
    const first = await postSigned(h.eventsUrl, interactionBody(buttonPressPayloadJson({ actionId: 'test.restart:0', value: 'rabbit3', messageTs, user: 'U0ALICE', responseUrl: h.fake.responseUrl('a') })));
    expect(first.status).toBe(200);
    const second = await postSigned(h.eventsUrl, interactionBody(buttonPressPayloadJson({ actionId: 'test.restart:0', value: 'rabbit3', messageTs, user: 'U0BOB', responseUrl: h.fake.responseUrl('b') })));
    expect(second.status).toBe(200);
    const running = await h.fake.waitFor((c) => c.path === '/response/b');
    expect(blocksText(running)).toContain('already running');
    const result = await h.fake.waitFor((c) => c.method === 'chat.postMessage');
    expect(result.body).toMatchObject({ channel: 'C0INCIDENT', thread_ts: messageTs, text: 'restarted rabbit3' });
    await new Promise((r) => setTimeout(r, 50));
    const third = await postSigned(h.eventsUrl, interactionBody(buttonPressPayloadJson({ actionId: 'test.restart:0', value: 'rabbit3', messageTs, user: 'U0BOB', responseUrl: h.fake.responseUrl('d') })));
    expect(third.status).toBe(200);
    const done = await h.fake.waitFor((c) => c.path === '/response/d');
    expect(blocksText(done)).toContain('already ran');
    expect(runs).toEqual(['U0ALICE:rabbit3']);
  });

  it('refuses a press above the presser\'s role without spending the button, and refuses an expired one', async () => {
    h = await startBot({ chat: { roles: { viewer: ['*'], operator: ['U0BOB'], approver: [] } }, extraActions: [onceAction], tune: { buttonLifetimeMs: 60_000 } });
    const messageTs = `${nowSeconds()}.000300`;
    await postSigned(h.eventsUrl, interactionBody(buttonPressPayloadJson({ actionId: 'test.restart:1', value: 'rabbit2', messageTs, user: 'U0ALICE', responseUrl: h.fake.responseUrl('alice') })));
    expect(blocksText(await h.fake.waitFor((c) => c.path === '/response/alice'))).toContain('needs the operator role; you have viewer');
    await postSigned(h.eventsUrl, interactionBody(buttonPressPayloadJson({ actionId: 'test.restart:1', value: 'rabbit2', messageTs, user: 'U0BOB', responseUrl: h.fake.responseUrl('bob') })));
    await h.fake.waitFor((c) => c.method === 'chat.postMessage');
    const oldTs = `${nowSeconds() - 3600}.000400`;
    await postSigned(h.eventsUrl, interactionBody(buttonPressPayloadJson({ actionId: 'test.restart:0', value: 'rabbit2', messageTs: oldTs, user: 'U0BOB', responseUrl: h.fake.responseUrl('old') })));
    expect(blocksText(await h.fake.waitFor((c) => c.path === '/response/old'))).toContain('expired');
    expect(runs).toEqual(['U0BOB:rabbit2']);
  });

  it('refreshes /rmq status from its own button, in the thread of the status message', async () => {
    h = await startBot();
    await postSigned(h.eventsUrl, slashCommandBody({ text: 'status', responseUrl: h.fake.responseUrl() }));
    const final = await h.fake.waitFor((c) => c.method.startsWith('chat.') && blocksText(c).includes('status.refresh'));
    const statusTs = String(h.fake.callsTo('chat.postMessage')[0]?.answer?.ts);
    const blocks = final.body.blocks as { type: string; elements?: { action_id: string; value: string }[] }[];
    const refresh = blocks.filter((b) => b.type === 'actions').flatMap((b) => b.elements ?? []).find((e) => e.action_id.startsWith('status.refresh'));
    expect(refresh).toBeDefined();
    await postSigned(h.eventsUrl, interactionBody(buttonPressPayloadJson({ actionId: refresh!.action_id, value: refresh!.value, messageTs: statusTs, responseUrl: h.fake.responseUrl('r') })));
    const threaded = await h.fake.waitFor((c) => c.method === 'chat.postMessage' && c.body.thread_ts === statusTs);
    expect(threaded.body.channel).toBe('C0INCIDENT');
  });
});

describe('the command modal (view submissions)', () => {
  it('opens a modal for a bare /rmq, and runs what is submitted in the original channel', async () => {
    h = await startBot();
    await postSigned(h.eventsUrl, slashCommandBody({ text: '', triggerId: 'trigger-1', responseUrl: h.fake.responseUrl() }));
    const opened = await h.fake.waitFor((c) => c.method === 'views.open');
    expect(opened.body).toMatchObject({ trigger_id: 'trigger-1', view: { callback_id: 'rmq.command', private_metadata: '{"channel":"C0INCIDENT"}' } });
    const empty = await postSigned(h.eventsUrl, interactionBody(modalSubmissionPayloadJson({ text: '  ' })));
    expect(JSON.parse(empty.text)).toMatchObject({ response_action: 'errors', errors: { command: expect.stringContaining('Type a command') } });
    const submitted = await postSigned(h.eventsUrl, interactionBody(modalSubmissionPayloadJson({ text: 'help' })));
    expect(submitted.status).toBe(200);
    const ephemeral = await h.fake.waitFor((c) => c.method === 'chat.postEphemeral');
    expect(ephemeral.body).toMatchObject({ channel: 'C0INCIDENT', user: 'U0ALICE' });
    expect(blocksText(ephemeral)).toContain('/rmq help [command]');
  });
});

describe('Slack being slow or busy', () => {
  it('waits Retry-After on a 429 and then posts, without dropping the message', async () => {
    h = await startBot();
    h.fake.next('chat.postMessage', { kind: 'rate-limited', retryAfterS: 1 });
    await postSigned(h.eventsUrl, slashCommandBody({ text: 'status', responseUrl: h.fake.responseUrl() }));
    const posts = await h.fake.waitForCount('chat.postMessage', 2);
    expect((posts[1] as RecordedCall).at - (posts[0] as RecordedCall).at).toBeGreaterThanOrEqual(950);
    await h.fake.waitFor((c) => blocksText(c).includes('status.refresh'));
  });

  it('gives up on a Web API call that hangs, tells the requester privately, and keeps serving', async () => {
    h = await startBot({ tune: { webApi: { timeoutMs: 300, retries: 0 } } });
    // Both the first progress post and the final post hang past the 300 ms deadline.
    h.fake.next('chat.postMessage', { kind: 'hang' });
    h.fake.next('chat.postMessage', { kind: 'hang' });
    await postSigned(h.eventsUrl, slashCommandBody({ text: 'status', responseUrl: h.fake.responseUrl('first') }));
    const fallback = await h.fake.waitFor((c) => c.path === '/response/first');
    expect(blocksText(fallback)).toContain('could not post in this channel');
    await postSigned(h.eventsUrl, slashCommandBody({ text: 'status', responseUrl: h.fake.responseUrl('second') }));
    await h.fake.waitFor((c) => blocksText(c).includes('status.refresh') && c.at > fallback.at);
  });
});
