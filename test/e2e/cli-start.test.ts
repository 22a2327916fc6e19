import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { FakeSlack, type RecordedCall } from '../helpers/fake-slack';
import { postSigned, slashCommandBody, testSigningSecret } from '../helpers/slack-requests';

// The e2e project's testTimeout in jest.config.js does not reach the tests (jest 30 treats it as a global option).
jest.setTimeout(60_000);

const repo = path.resolve(__dirname, '../..');
const bin = path.join(repo, 'bin', 'rmq-bot.js');

interface Finished {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** The environment the tests start from: none of the variables that would pick Slack, a config or a log level. */
function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!key.startsWith('SLACK_') && key !== 'RMQ_BOT_CONFIG' && key !== 'RMQ_LAB_DIR' && key !== 'LOG_LEVEL') env[key] = value;
  }
  return { ...env, ...extra };
}

/** Runs `node bin/rmq-bot.js ARGS` with INPUT on stdin (then end of input); kills it, by its pid, if it outlives the limit. */
function runBot(args: readonly string[], env: NodeJS.ProcessEnv, input = '', limitMs = 45_000): Promise<Finished> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], { cwd: repo, env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`rmq-bot ${args.join(' ')} did not exit within ${limitMs} ms\nstdout: ${stdout}\nstderr: ${stderr}`));
    }, limitMs);
    child.on('error', (e) => (clearTimeout(timer), reject(e)));
    child.on('close', (code, signal) => (clearTimeout(timer), resolve({ code, signal, stdout, stderr })));
    child.stdin.end(input);
  });
}

/** A loopback port nothing listens on: taken from the OS, then released. */
async function closedLoopbackPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

let dir = '';
let configFile = '';

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'rmq-cli-start-'));
  configFile = path.join(dir, 'rmq-bot.yaml');
  const port = await closedLoopbackPort();
  writeFileSync(
    configFile,
    [
      'clusters:',
      '  - name: nowhere',
      '    role: primary',
      '    nodes:',
      '      - name: rabbit@nowhere',
      `        ssh: { host: 127.0.0.1, port: ${port}, user: ops, agent: true, hostKey: ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIEXAMPLEEXAMPLEEXAMPLEEXAMPLEEXAMPLEEXAMPLE }`,
      'deadlines: { connectMs: 1000, commandMs: 1000 }',
      '',
    ].join('\n'),
  );
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('npm start (rmq-bot start) without Slack tokens', () => {
  it('says how to connect Slack, opens the console, and exits 0 at end of input', async () => {
    const run = await runBot(['start', '--config', configFile], cleanEnv());
    expect(run.stderr).toContain('No Slack tokens set, so this is the console. To connect Slack:');
    expect(run.stderr).toContain('SLACK_BOT_TOKEN');
    expect(run.stdout).toBe('');
    expect(run).toMatchObject({ code: 0, signal: null });
  });

  it('answers piped commands in the console, one per line', async () => {
    const run = await runBot(['start', '--config', configFile], cleanEnv(), '/rmq help\n');
    expect(run.stderr).toContain('No Slack tokens set');
    expect(run.stdout).toContain('/rmq status [cluster]');
    expect(run).toMatchObject({ code: 0, signal: null });
  });
});

describe('rmq-bot serve with unusable Slack settings', () => {
  const signingSecret = '8f742231b10e8888abcd99yyyzzz85a5';

  it('refuses a user token in SLACK_BOT_TOKEN, says which token it is, and never echoes it', async () => {
    const userToken = 'xoxp-1234567890-0987654321-abcdefabcdef';
    const run = await runBot(['serve', '--config', configFile], cleanEnv({ SLACK_BOT_TOKEN: userToken, SLACK_SIGNING_SECRET: signingSecret }));
    expect(run.code).not.toBe(0);
    expect(run.code).toBe(78);
    expect(run.stderr).toContain('rmq-bot serve: Slack settings are not usable (1 problem)');
    expect(run.stderr).toContain('SLACK_BOT_TOKEN must be the Bot User OAuth Token starting with "xoxb-"; it starts with "xoxp-" (that is a user token)');
    expect(run.stderr).not.toContain(userToken);
    expect(run.stdout).toBe('');
  });

  it('refuses a token pasted with quotes, and names every problem at once', async () => {
    const run = await runBot(['serve', '--config', configFile], cleanEnv({ SLACK_BOT_TOKEN: '"xoxb-1234-5678-abcdefghijkl"', SLACK_SIGNING_SECRET: 'short' }));
    expect(run.code).toBe(78);
    expect(run.stderr).toContain('(2 problems)');
    expect(run.stderr).toContain('SLACK_BOT_TOKEN contains whitespace or quotes');
    expect(run.stderr).toContain('SLACK_SIGNING_SECRET does not look like a signing secret');
    expect(run.stderr).not.toContain('abcdefghijkl');
  });

  it('npm start with a malformed token reports it the same way instead of falling back to the console', async () => {
    const run = await runBot(['start', '--config', configFile], cleanEnv({ SLACK_BOT_TOKEN: 'xoxb-short', SLACK_SIGNING_SECRET: signingSecret }));
    expect(run.code).toBe(78);
    expect(run.stderr).toContain('SLACK_BOT_TOKEN does not look like a Slack token');
    expect(run.stderr).not.toContain('No Slack tokens set');
  });
});

describe('rmq-bot serve against a stand-in Slack (SLACK_API_URL), signed HTTP', () => {
  let fake: FakeSlack | null = null;
  afterEach(async () => {
    await fake?.close();
    fake = null;
  });

  // The node uses the SSH agent; an agent socket is named so the attempt gets as far as the closed port.
  const slackEnv = (apiUrl: string) =>
    cleanEnv({ SLACK_BOT_TOKEN: 'xoxb-1234-5678-abcdefghijkl', SLACK_SIGNING_SECRET: testSigningSecret, SLACK_API_URL: apiUrl, LOG_LEVEL: 'silent', SSH_AUTH_SOCK: path.join(dir, 'no-agent.sock') });

  it('starts, answers /rmq status over the real wiring (SSH refused), and stops cleanly on SIGTERM', async () => {
    const slack = await FakeSlack.start();
    fake = slack;
    const child = spawn(process.execPath, [bin, 'serve', '--config', configFile, '--port', '0', '--host', '127.0.0.1'], { cwd: repo, env: slackEnv(slack.apiUrl), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('close', (code, signal) => resolve({ code, signal })));
    try {
      const eventsUrl = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`serve did not say where it listens\nstdout: ${stdout}\nstderr: ${stderr}`)), 30_000);
        const look = (): void => {
          const url = /Slack events on (http:\/\/\S+)/.exec(stdout)?.[1];
          if (url) (clearTimeout(timer), resolve(url));
        };
        child.stdout.on('data', look);
        void exited.then(() => (clearTimeout(timer), reject(new Error(`serve exited early\nstdout: ${stdout}\nstderr: ${stderr}`))));
      });
      expect(eventsUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/slack\/events$/);
      expect(slack.callsTo('auth.test')).toHaveLength(1);

      const ack = await postSigned(eventsUrl, slashCommandBody({ text: 'status', responseUrl: slack.responseUrl() }));
      expect(ack.status).toBe(200);
      const final = await slack.waitFor((c: RecordedCall) => JSON.stringify(c.body.blocks ?? []).includes('status.refresh'), 20_000);
      expect(final.body.channel).toBe('C0INCIDENT');
      expect(final.body.text).toContain('nowhere: 0 of 1 nodes up; rabbit@nowhere: SSH unreachable');
    } finally {
      child.kill('SIGTERM');
    }
    const stuck = setTimeout(() => child.kill('SIGKILL'), 15_000);
    void exited.then(() => clearTimeout(stuck));
    expect(await exited).toEqual({ code: 0, signal: null });
    expect(stdout).toContain('rmq-bot: stopping');
  });

  it('exits with a clear message when Slack refuses the bot token', async () => {
    const slack = await FakeSlack.start();
    fake = slack;
    slack.next('auth.test', { kind: 'error', error: 'invalid_auth' });
    const run = await runBot(['serve', '--config', configFile, '--port', '0', '--host', '127.0.0.1'], slackEnv(slack.apiUrl));
    expect(run.code).toBe(78);
    expect(run.stderr).toContain('rmq-bot serve: Slack refused SLACK_BOT_TOKEN (auth.test: invalid_auth). Reinstall the app');
    expect(run.stderr).not.toContain('abcdefghijkl');
  });
});
