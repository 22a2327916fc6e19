import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { ActionDefinition } from '../../src/commands/types';
import type { RecordedCall } from '../helpers/fake-slack';
import { interactionBody, nowSeconds, postSigned, sendRaw, signedHeaders } from '../helpers/slack-requests';
import { startBot, type Harness } from './harness';

const fixtureFile = z.object({
  shape: z.string(),
  source: z.string().url(),
  license: z.string(),
  contentType: z.enum(['application/x-www-form-urlencoded', 'application/json']),
  form: z.string().optional(),
  payload: z.record(z.string(), z.unknown()).optional(),
  json: z.record(z.string(), z.unknown()).optional(),
});
type Fixture = z.infer<typeof fixtureFile>;

function fixture(name: string): Fixture {
  return fixtureFile.parse(JSON.parse(readFileSync(path.join(__dirname, '..', 'fixtures', 'slack-payloads', `${name}.json`), 'utf8')));
}

/** The captured form with only the fields that route it to /rmq and to this test's fake Slack replaced. */
function slashCommand(f: Fixture, text: string, responseUrl: string): string {
  const form = new URLSearchParams(f.form);
  form.set('command', '/rmq');
  form.set('text', text);
  form.set('response_url', responseUrl);
  return form.toString();
}

type Json = Record<string, unknown>;
const obj = (v: unknown): Json => v as Json;

/** A captured click, pointed at our echo action, on a message posted just now (captured ones have expired). */
function buttonClick(f: Fixture, responseUrl: string, messageTs: string): string {
  const payload = structuredClone(f.payload) as Json;
  payload.response_url = responseUrl;
  obj(payload.container).message_ts = messageTs;
  if (payload.message) obj(payload.message).ts = messageTs;
  const [action] = payload.actions as Json[];
  Object.assign(obj(action), { action_id: 'test.echo:0', value: 'from-fixture' });
  return interactionBody(payload);
}

const blocksText = (c: RecordedCall): string => JSON.stringify(c.body.blocks ?? []);

const echo: ActionDefinition = {
  actionId: 'test.echo',
  permission: 'viewer',
  run: async (value, ctx) => ({ summary: `echo ${value} for ${ctx.actor.id}`, blocks: [{ kind: 'text', text: `echo ${value} for ${ctx.actor.id}` }] }),
};

let h: Harness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

describe('slash commands as Slack sends them', () => {
  it.each(['slash-command-workspace', 'slash-command-grid'])('%s: acked and answered with help through its response_url', async (name) => {
    h = await startBot();
    const answer = await postSigned(h.eventsUrl, slashCommand(fixture(name), 'help', h.fake.responseUrl(name)));
    expect(answer.status).toBe(200);
    const reply = await h.fake.waitFor((c) => c.path === `/response/${name}`);
    expect(blocksText(reply)).toContain('/rmq status [cluster]');
  });
});

describe('button clicks as Slack sends them', () => {
  const cases: readonly { name: string; channel: string; user: string; threadTs: (messageTs: string) => string | undefined }[] = [
    // In a channel message: the answer goes in the thread of that message.
    { name: 'block-actions-channel', channel: 'C111', user: 'U111', threadTs: (ts) => ts },
    // In an ephemeral message (no `message` at all): the answer goes to the channel.
    { name: 'block-actions-ephemeral-grid', channel: 'C111', user: 'W111', threadTs: () => undefined },
    // In an ephemeral message inside a thread: the answer goes to that thread.
    { name: 'block-actions-ephemeral-thread', channel: 'C111', user: 'U111', threadTs: () => '1693616242.466609' },
  ];
  it.each(cases)('$name: runs the action once, with the presser as actor, where the button was', async ({ name, channel, user, threadTs }) => {
    h = await startBot({ extraActions: [echo] });
    const messageTs = `${nowSeconds()}.000600`;
    expect((await postSigned(h.eventsUrl, buttonClick(fixture(name), h.fake.responseUrl(name), messageTs))).status).toBe(200);
    const posted = await h.fake.waitFor((c) => c.method === 'chat.postMessage');
    expect(posted.body.channel).toBe(channel);
    expect(posted.body.thread_ts).toBe(threadTs(messageTs));
    expect(posted.body.text).toBe(`echo from-fixture for ${user}`);
    const timeline = await h.store.listTimeline({ channel, limit: 10 });
    expect(timeline.events.map((e) => e.actor.id)).toContain(user);
  });
});

describe('a modal submission as Slack sends it', () => {
  it('view-submission-grid: runs the typed command for the submitter, privately in the channel of the metadata', async () => {
    h = await startBot();
    const payload = structuredClone(fixture('view-submission-grid').payload) as Json;
    const view = obj(payload.view);
    // Our modal's ids, in place of the capture's: the shape of `state.values` is Slack's.
    Object.assign(view, { callback_id: 'rmq.command', private_metadata: JSON.stringify({ channel: 'C111' }) });
    view.state = { values: { command: { command_text: { type: 'plain_text_input', value: 'help' } } } };
    expect((await postSigned(h.eventsUrl, interactionBody(payload))).status).toBe(200);
    const reply = await h.fake.waitFor((c) => c.method === 'chat.postEphemeral');
    expect(reply.body).toMatchObject({ channel: 'C111', user: 'W111' });
    expect(blocksText(reply)).toContain('/rmq status [cluster]');
  });
});

describe('Slack\'s own probes', () => {
  it('ssl-check: answered 200 without a signature, and nothing runs', async () => {
    h = await startBot();
    const f = fixture('ssl-check');
    const answer = await sendRaw(h.eventsUrl, { method: 'POST', path: '/slack/events', headers: { 'content-type': f.contentType }, body: f.form ?? '' });
    expect(answer.status).toBe(200);
    expect(h.fake.calls.filter((c) => c.method !== 'auth.test')).toEqual([]);
  });

  it('url-verification: answered with its challenge', async () => {
    h = await startBot();
    const f = fixture('url-verification');
    const body = JSON.stringify(f.json);
    const answer = await sendRaw(h.eventsUrl, { method: 'POST', path: '/slack/events', headers: { ...signedHeaders(body), 'content-type': f.contentType }, body });
    expect(answer.status).toBe(200);
    expect(answer.text).toContain(String(f.json?.challenge));
  });
});
