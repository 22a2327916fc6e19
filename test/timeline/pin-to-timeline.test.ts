import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { StoredEvent } from '../../src/store/store';
import { openIncident } from '../../src/timeline/incidents';
import { slackTsTime } from '../../src/timeline/pin-message';
import { interactionBody, sendRaw, signedHeaders } from '../helpers/slack-requests';
import { attemptUntil } from '../helpers/wait-for';
import { startBot, type Harness } from '../slack/harness';

/*
 * 📌 and the "Add to timeline" shortcut through the real Bolt app: signed requests built from payloads
 * Slack sends (bolt-python's captures, test/fixtures/slack-payloads), the fake Web API holding the
 * channel's messages, the real store and the real outbox posting into the incident's thread.
 */
jest.setTimeout(60_000);

const fixtureFile = z.object({ source: z.string().url(), payload: z.record(z.string(), z.unknown()).optional(), json: z.record(z.string(), z.unknown()).optional() });
type Json = Record<string, unknown>;
const fixture = (name: string) => fixtureFile.parse(JSON.parse(readFileSync(path.join(__dirname, '..', 'fixtures', 'slack-payloads', `${name}.json`), 'utf8')));

/** The captured channel of both fixtures. */
const channel = 'C111';

let h: Harness;
beforeEach(async () => {
  h = await startBot();
});
afterEach(async () => {
  await h.close();
});

/** The captured reaction, changed only in its emoji, the message it is on (captured ones are years old) and, when asked, who reacted. */
async function react(reaction: string, messageTs: string, user?: string): Promise<number> {
  const body = structuredClone(fixture('reaction-added').json) as Json;
  Object.assign(body.event as Json, { reaction, item: { ...((body.event as Json).item as Json), ts: messageTs }, ...(user ? { user } : {}) });
  const raw = JSON.stringify(body);
  const answer = await sendRaw(h.eventsUrl, { method: 'POST', path: '/slack/events', headers: { ...signedHeaders(raw), 'content-type': 'application/json' }, body: raw });
  return answer.status;
}

/** The captured shortcut, pointed at our callback id, a message said just now, and this test's response_url. */
async function shortcut(message: { ts: string; text?: string; user: string }, responseId: string): Promise<string> {
  const payload = structuredClone(fixture('message-shortcut').payload) as Json;
  // Without text when the test asks for it: Slack leaves it out of messages made only of blocks.
  const { text: _captured, ...captured } = payload.message as Json;
  payload.message = { ...captured, ts: message.ts, user: message.user, ...(message.text === undefined ? {} : { text: message.text }) };
  Object.assign(payload, { callback_id: 'rmq.add_to_timeline', message_ts: message.ts, response_url: h.fake.responseUrl(responseId) });
  const raw = interactionBody(payload);
  const answer = await sendRaw(h.eventsUrl, { method: 'POST', path: '/slack/events', headers: signedHeaders(raw), body: raw });
  expect(answer.status).toBe(200);
  const reply = await h.fake.waitFor((c) => c.path === `/response/${responseId}`);
  return JSON.stringify(reply.body);
}

const pinned = async (): Promise<StoredEvent[]> => (await h.store.listTimeline({ channel, limit: 100 })).events.filter((e) => e.kind === 'message-pinned');
const openHere = () => openIncident(h.store, { channel, title: 'rabbit3 down', actor: { kind: 'user', id: 'W111' }, at: new Date() });
/** The outbox posts on its own pace: wait for the post that carries `text` in the incident's thread. */
const threadPost = (text: string) => h.fake.waitFor((c) => c.method === 'chat.postMessage' && c.body.thread_ts !== undefined && String(c.body.text).includes(text), 20_000);

describe('📌 on a message in an incident channel', () => {
  it('copies the message, read by its ts, into the open incident with its author and time, and posts it in the thread', async () => {
    const { incident } = await openHere();
    const said = h.fake.say(channel, 'U0CAROL', 'rabbit3 disk is full, freeing space now');
    expect(await react('pushpin', said.ts)).toBe(200);

    const [event] = await attemptUntil(pinned, (e) => e.length === 1, 80);
    expect(event).toMatchObject({ incident: incident.id, actor: { kind: 'user', id: 'U0CAROL' }, details: { text: said.text, author: 'U0CAROL', messageTs: said.ts, via: 'reaction', pinnedBy: 'W111' } });
    expect(event?.at).toEqual(slackTsTime(said.ts));
    expect(h.fake.callsTo('conversations.history')[0]?.body).toMatchObject({ channel, latest: said.ts, inclusive: 'true', limit: '1' });

    const post = await threadPost('rabbit3 disk is full');
    expect(String(post.body.text)).toContain('<@U0CAROL>');
  });

  it('finds a reply in a thread through conversations.replies', async () => {
    await openHere();
    const parent = h.fake.say(channel, 'U0CAROL', 'what is rabbit2 doing?');
    const reply = h.fake.say(channel, 'U0DAVE', 'rabbit2 is in pause_minority', parent.ts);
    await react('pushpin', reply.ts);
    const [event] = await attemptUntil(pinned, (e) => e.length === 1, 80);
    expect(event).toMatchObject({ actor: { id: 'U0DAVE' }, details: { text: reply.text, messageTs: reply.ts } });
    expect(h.fake.callsTo('conversations.replies')[0]?.body).toMatchObject({ channel, ts: reply.ts });
  });

  it('ignores other reactions and a second 📌 on the same message', async () => {
    await openHere();
    const said = h.fake.say(channel, 'U0CAROL', 'noted');
    await react('heart_eyes', said.ts);
    await react('pushpin', said.ts);
    // Slack lets each person add a reaction once: the second 📌 is someone else's.
    await react('pushpin', said.ts, 'W222');
    // Both pushpins read the message; the heart_eyes did not.
    expect(await attemptUntil(async () => h.fake.callsTo('conversations.history').length, (n) => n === 2, 80)).toBe(2);
    expect(await attemptUntil(pinned, (e) => e.length === 1, 80)).toHaveLength(1);
  });

  it('does nothing outside an incident, not even read the message', async () => {
    const said = h.fake.say(channel, 'U0CAROL', 'hello');
    await react('pushpin', said.ts);
    // A later request answered means the reaction (handled at once, in the same process) is done.
    expect(await shortcut({ ts: said.ts, text: said.text, user: 'U0CAROL' }, 's0')).toContain('/rmq incident start');
    expect(h.fake.callsTo('conversations.history')).toHaveLength(0);
    expect(await pinned()).toHaveLength(0);
  });
});

describe('the "Add to timeline" message shortcut', () => {
  it('copies the message from the payload and answers privately; the same message again is recorded once', async () => {
    const { incident } = await openHere();
    const said = h.fake.say(channel, 'U0CAROL', 'restarting rabbit3 now');
    expect(await shortcut({ ts: said.ts, text: said.text, user: 'U0CAROL' }, 's1')).toContain(`Added to the timeline of ${incident.id}`);
    expect(await pinned()).toEqual([expect.objectContaining({ actor: { kind: 'user', id: 'U0CAROL' }, details: expect.objectContaining({ via: 'shortcut', pinnedBy: 'W111' }) })]);
    // The text came with the payload: no history read.
    expect(h.fake.callsTo('conversations.history')).toHaveLength(0);
    expect(await shortcut({ ts: said.ts, text: said.text, user: 'U0CAROL' }, 's2')).toContain('already in the timeline');
    expect(await pinned()).toHaveLength(1);
    await threadPost('restarting rabbit3 now');
  });

  it('reads the text of a message that came without it', async () => {
    await openHere();
    const said = h.fake.say(channel, 'U0CAROL', 'a message made of blocks');
    expect(await shortcut({ ts: said.ts, user: 'U0CAROL' }, 's3')).toContain('Added to the timeline');
    expect((await pinned())[0]?.details).toMatchObject({ text: 'a message made of blocks' });
  });

  it('says how to start an incident when none is open', async () => {
    const said = h.fake.say(channel, 'U0CAROL', 'hello');
    expect(await shortcut({ ts: said.ts, text: said.text, user: 'U0CAROL' }, 's4')).toContain('/rmq incident start');
    expect(await pinned()).toHaveLength(0);
  });
});
