import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { FakeSlack } from '../helpers/fake-slack';
import { postSigned, sendRaw, signedHeaders, slashCommandBody, testSigningSecret } from '../helpers/slack-requests';

jest.setTimeout(60_000);

const repo = path.resolve(__dirname, '../..');
const fixture = (name: string) => path.join(repo, 'test', 'fixtures', 'config', name);

/** `rmq-bot serve` as a supervisor starts it; resolves with its events URL once it listens. */
function startServe(apiUrl: string, config: string): { child: ChildProcess; url: Promise<string>; exited: Promise<number | null> } {
  const env = { PATH: process.env.PATH, HOME: process.env.HOME, LOG_LEVEL: 'silent', SLACK_BOT_TOKEN: 'xoxb-1234567890-1234567890123-AbCdEfGhIjKlMnOp', SLACK_SIGNING_SECRET: testSigningSecret, SLACK_API_URL: apiUrl };
  const child = spawn(process.execPath, [path.join(repo, 'bin', 'rmq-bot.js'), 'serve', '--config', config, '--port', '0', '--host', '127.0.0.1'], { cwd: repo, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const url = new Promise<string>((resolve, reject) => {
    child.stdout?.on('data', (c: Buffer) => {
      out += c.toString();
      const found = /Slack events on (\S+)/.exec(out);
      if (found) resolve(found[1] as string);
    });
    child.on('exit', () => reject(new Error(`serve exited before listening: ${out}`)));
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, url, exited };
}

describe('rmq-bot serve under hostile signed requests', () => {
  it('answers payload=null and a JSON null with 400 and keeps serving /rmq help', async () => {
    const fake = await FakeSlack.start();
    // A copy, because the bot keeps its store next to its config.
    const dir = mkdtempSync(path.join(tmpdir(), 'rmq-serve-hostile-'));
    const config = path.join(dir, 'valid.yml');
    copyFileSync(fixture('valid.yml'), config);
    const serve = startServe(fake.apiUrl, config);
    try {
      const url = await serve.url;
      for (const [body, contentType] of [['payload=null', 'application/x-www-form-urlencoded'], ['null', 'application/json']] as const) {
        const answer = await sendRaw(url, { method: 'POST', path: '/slack/events', headers: { ...signedHeaders(body), 'content-type': contentType }, body });
        expect(answer.status).toBe(400);
      }
      expect((await postSigned(url, slashCommandBody({ text: 'help', responseUrl: fake.responseUrl('alive') }))).status).toBe(200);
      await fake.waitFor((c) => c.path === '/response/alive', 20_000);
      expect(serve.child.exitCode).toBeNull();
    } finally {
      serve.child.kill('SIGTERM');
      await serve.exited;
      await fake.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
