import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { capturedLogger } from '../helpers/captured-logger';
import { nowSeconds, postSigned, sendRaw, signedHeaders, slackSignature, slashCommandBody, testSigningSecret } from '../helpers/slack-requests';
import { startBot, type Harness } from './harness';

const bodies = path.join(__dirname, '..', 'fixtures', 'slack-bodies');
const contentTypes: Record<string, string> = { '.form': 'application/x-www-form-urlencoded', '.json': 'application/json' };
const hostileBodies = readdirSync(bodies).filter((f) => path.extname(f) in contentTypes);

let h: Harness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

/** The bot still answers a real command: the process lived through what came before. */
async function stillServes(harness: Harness): Promise<void> {
  const before = harness.fake.callsTo('response_url').length;
  // Its own response_url makes it a different signed body, not a replay of an earlier help.
  const responseUrl = harness.fake.responseUrl(`alive-${before}`);
  expect((await postSigned(harness.eventsUrl, slashCommandBody({ text: 'help', responseUrl }))).status).toBe(200);
  await harness.fake.waitFor((c) => c.method === 'response_url' && harness.fake.callsTo('response_url').length > before);
}

describe('bodies Bolt cannot use', () => {
  it.each(hostileBodies)('answers 400 to a signed %s and keeps serving', async (file) => {
    h = await startBot();
    const body = readFileSync(path.join(bodies, file), 'utf8');
    const headers = { ...signedHeaders(body), 'content-type': contentTypes[path.extname(file)] as string };
    const answer = await sendRaw(h.eventsUrl, { method: 'POST', path: '/slack/events', headers, body });
    expect(answer.status).toBe(400);
    await stillServes(h);
  });
});

describe('replays', () => {
  it.each(['/slack/x/../events', '/./slack/events', '/slack/events?again=1', '//slack/../slack/events'])(
    'refuses the same signed request sent again to %s',
    async (replayPath) => {
      h = await startBot();
      const body = slashCommandBody({ text: 'help', responseUrl: h.fake.responseUrl() });
      const headers = signedHeaders(body);
      expect((await sendRaw(h.eventsUrl, { method: 'POST', path: '/slack/events', headers, body })).status).toBe(200);
      await h.fake.waitFor((c) => c.method === 'response_url');
      const again = await sendRaw(h.eventsUrl, { method: 'POST', path: replayPath, headers, body });
      expect([401, 404]).toContain(again.status);
      // A request that would have run shows as a second answer; give it the time the first one took.
      await stillServes(h);
      expect(h.fake.callsTo('response_url')).toHaveLength(2);
    },
  );
});

describe('timestamps', () => {
  const body = 'command=%2Frmq&text=help';
  it.each([
    ['10 minutes ahead', String(nowSeconds() + 10 * 60)],
    ['a year ahead', String(nowSeconds() + 365 * 24 * 3600)],
    ['Infinity', 'Infinity'],
    ['NaN', 'NaN'],
    ['exponent notation', '1e12'],
    ['padded', ` ${nowSeconds()}`],
    ['empty', ''],
  ])('refuses a request signed with a timestamp %s', async (_what, timestamp) => {
    h = await startBot();
    const headers = {
      'content-type': 'application/x-www-form-urlencoded',
      'x-slack-request-timestamp': timestamp,
      'x-slack-signature': slackSignature(testSigningSecret, timestamp as unknown as number, body),
    };
    expect((await sendRaw(h.eventsUrl, { method: 'POST', path: '/slack/events', headers, body })).status).toBe(401);
  });
});

describe('requests for something else', () => {
  it.each([
    ['GET', '/slack/events'],
    ['GET', '/'],
    ['POST', '/admin'],
    ['PUT', '/slack/events'],
    ['DELETE', '/slack/events/x'],
  ])('answers %s %s with 404 and one short log line without headers', async (method, requestPath) => {
    const log = capturedLogger('info');
    h = await startBot({ logger: log.logger });
    const secretHeader = 'Bearer xoxb-leaked-123456789012-abcdefghijkl';
    const answer = await sendRaw(h.eventsUrl, { method, path: requestPath, headers: { authorization: secretHeader, cookie: 'session=SECRETCOOKIE' } });
    expect(answer.status).toBe(404);
    const lines = log.lines.filter((l) => l.includes(requestPath));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('no such endpoint');
    expect(lines[0]?.length).toBeLessThan(400);
    expect(log.lines.join('\n')).not.toMatch(/xoxb-leaked|SECRETCOOKIE|authorization|cookie/i);
  });

  it('logs a refused signed-looking request with only the safe headers', async () => {
    const log = capturedLogger('info');
    h = await startBot({ logger: log.logger });
    const body = slashCommandBody({ text: 'help', responseUrl: h.fake.responseUrl() });
    const headers = { ...signedHeaders(body, { secret: 'not-the-signing-secret-at-all' }), authorization: 'Bearer xoxp-secret-token', 'x-forwarded-for': '10.9.8.7' };
    expect((await sendRaw(h.eventsUrl, { method: 'POST', path: '/slack/events', headers, body })).status).toBe(401);
    const text = log.lines.join('\n');
    expect(text).toContain('bad-signature');
    expect(text).toContain('x-slack-request-timestamp');
    expect(text).not.toMatch(/xoxp-secret|10\.9\.8\.7|x-slack-signature/);
  });
});

describe('user text repeated in a refusal', () => {
  it('is cut to a short excerpt, not echoed whole', async () => {
    h = await startBot();
    const word = `evict${'x'.repeat(5_000)}`;
    expect((await postSigned(h.eventsUrl, slashCommandBody({ text: word, responseUrl: h.fake.responseUrl('long') }))).status).toBe(200);
    const reply = await h.fake.waitFor((c) => c.path === '/response/long');
    const text = JSON.stringify(reply.body);
    expect(text).toContain('There is no `/rmq evictxxx');
    expect(text).toContain('(5005 chars)');
    expect(text.length).toBeLessThan(2_000);
  });
});
