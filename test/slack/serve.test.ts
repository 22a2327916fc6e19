import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runServe, type ServeDependencies } from '../../src/chat/slack/serve';
import { createSshTransports } from '../../src/transport/ssh-transport';
import { openSqliteStore } from '../../src/store/sqlite-store';
import { FakeSlack } from '../helpers/fake-slack';
import { nowSeconds, postSigned, slashCommandBody, testSigningSecret } from '../helpers/slack-requests';
import { scriptedInspector, quickLab } from './harness';

const bot = 'xoxb-1234567890-1234567890123-AbCdEfGhIjKlMnOp';

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { stdout: { write: (t: string) => out.push(t) }, stderr: { write: (t: string) => err.push(t) } }, out, err };
}

let dir = '';
let configFile = '';
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'rmq-serve-'));
  configFile = path.join(dir, 'bot.yml');
  writeFileSync(
    configFile,
    ['clusters:', '  - name: lab', '    role: primary', '    nodes:', '      - name: rabbit1@localhost', '        ssh: { host: 127.0.0.1, user: rabbit, agent: true, allowUnknownHostKey: true }', ''].join('\n'),
  );
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function deps(untilStopped: Promise<void>): ServeDependencies {
  return {
    createServices: (loaded) => {
      const store = openSqliteStore(path.join(dir, 'bot.sqlite'));
      const inspector = scriptedInspector(quickLab);
      const { readerFor } = createSshTransports(loaded.config);
      return { config: loaded.config, store, inspector, readerFor, now: () => new Date(), close: async () => (await inspector.close(), await store.close()) };
    },
    untilStopped,
  };
}

describe('rmq-bot serve', () => {
  it('refuses bad arguments, missing tokens and malformed tokens with a clear message', async () => {
    const never = new Promise<void>(() => undefined);
    const a = capture();
    expect(await runServe(['--port', '80'], a.io, {}, deps(never))).toBe(64);
    expect(a.err.join('')).toContain('--config FILE is required');
    const b = capture();
    expect(await runServe(['--config', configFile], b.io, {}, deps(never))).toBe(78);
    expect(b.err.join('')).toContain('no Slack tokens');
    const c = capture();
    expect(await runServe(['--config', configFile], c.io, { SLACK_BOT_TOKEN: 'xoxp-123456789012', SLACK_SIGNING_SECRET: testSigningSecret }, deps(never))).toBe(78);
    expect(c.err.join('')).toContain('that is a user token');
  });

  it('reports a token Slack refuses', async () => {
    const fake = await FakeSlack.start();
    fake.next('auth.test', { kind: 'error', error: 'invalid_auth' });
    const c = capture();
    const code = await runServe(['--config', configFile], c.io, { SLACK_BOT_TOKEN: bot, SLACK_SIGNING_SECRET: testSigningSecret, SLACK_API_URL: fake.apiUrl, LOG_LEVEL: 'silent' }, deps(new Promise(() => undefined)));
    await fake.close();
    expect(code).toBe(78);
    expect(c.err.join('')).toContain('Slack refused SLACK_BOT_TOKEN (auth.test: invalid_auth)');
  });

  it('serves signed HTTP requests until stopped', async () => {
    const fake = await FakeSlack.start();
    let stop: () => void = () => undefined;
    const stopped = new Promise<void>((resolve) => (stop = resolve));
    const c = capture();
    const env = { SLACK_BOT_TOKEN: bot, SLACK_SIGNING_SECRET: testSigningSecret, SLACK_API_URL: fake.apiUrl, LOG_LEVEL: 'silent' };
    const running = runServe(['--config', configFile, '--port', '0', '--host', '127.0.0.1'], c.io, env, deps(stopped));
    while (!c.out.join('').includes('/slack/events')) await new Promise((r) => setTimeout(r, 10));
    const url = /(http:\S+)/.exec(c.out.join(''))?.[1] as string;
    const answer = await postSigned(url, slashCommandBody({ text: 'help', responseUrl: fake.responseUrl() }), { timestamp: nowSeconds() });
    expect(answer.status).toBe(200);
    await fake.waitFor((call) => call.method === 'response_url');
    stop();
    expect(await running).toBe(0);
    await fake.close();
  });
});
