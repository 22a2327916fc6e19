import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runCli } from '../helpers/run-cli';
import { testSigningSecret } from '../helpers/slack-requests';

jest.setTimeout(120_000);

const fixture = (name: string) => path.join(__dirname, '..', 'fixtures', 'config', name);

/** What must never appear in any output: the fixtures' secret-shaped contents. */
const secretBits = ['b3BlbnNzaC1rZXktdjEAAAAA', 'FIXTUREFIXTUREFIXTURE', 'FIXTURECOOKIEFIXTURE', 'fixture cookie with spaces', 'BEGIN OPENSSH'];

const slackEnv = { SLACK_BOT_TOKEN: 'xoxb-1234567890-1234567890123-AbCdEfGhIjKlMnOp', SLACK_SIGNING_SECRET: testSigningSecret };

/** The three ways a config reaches the bot. */
const surfaces: readonly { name: string; args: (file: string) => string[]; env: Record<string, string> }[] = [
  { name: 'config check', args: (f) => ['config', 'check', '--config', f], env: {} },
  { name: 'serve', args: (f) => ['serve', '--config', f, '--port', '0', '--host', '127.0.0.1'], env: slackEnv },
  { name: 'console', args: (f) => ['console', '--config', f], env: {} },
];

let dir = '';
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'rmq-hostile-config-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function expectNoSecrets(text: string): void {
  for (const bit of secretBits) expect(text).not.toContain(bit);
}

describe.each(surfaces)('rmq-bot $name with a file that is not a bot config', ({ args, env }) => {
  it.each([
    ['not-a-config-private-key.txt', 'this looks like a private key, not a bot config'],
    ['not-a-config.env', 'this looks like a .env file (NAME=value lines), not a bot config'],
    ['alias-bomb.yml', 'too many YAML aliases'],
  ])('%s: describes it without printing it, exit 78', async (name, expected) => {
    const run = await runCli(args(fixture(name)), { env, maxHeapMb: 256 });
    expect(run.stderr).toContain(expected);
    expect(run.code).toBe(78);
    expectNoSecrets(run.stdout + run.stderr);
  });

  it('refuses /dev/zero as not a regular file, without reading it', async () => {
    const run = await runCli(args('/dev/zero'), { env, maxHeapMb: 64 });
    expect(run.stderr).toContain('it is a device, not a regular file');
    expect(run.code).toBe(78);
  });
});

describe('rmq-bot config check with hostile configs', () => {
  const check = (file: string, maxHeapMb = 256) => runCli(['config', 'check', '--config', file], { maxHeapMb });

  it.each([
    ['top-level-list.yml', 'this looks like a list, not a bot config'],
    ['empty.yml', 'is empty'],
    ['deep-nesting.yml', 'nested more than 32 levels deep'],
  ])('%s: says what it is, exit 78', async (name, expected) => {
    const run = await check(fixture(name));
    expect(run.stderr).toContain(expected);
    expect(run.code).toBe(78);
  });

  it('names the key under env: but never its value, nor a token-shaped value anywhere', async () => {
    for (const name of ['env-value-cookie.yml', 'key-like-value.yml']) {
      const run = await check(fixture(name));
      expect(run.code).toBe(78);
      expect(run.stderr).toMatch(/clusters\[0\]\.nodes\[0\]\.(env\.RABBITMQ_ERLANG_COOKIE|ssh\.user)/);
      expectNoSecrets(run.stderr);
    }
  });

  it('refuses a directory, a FIFO and a file over 1 MiB, each with the reason', async () => {
    const fifo = path.join(dir, 'config.fifo');
    execFileSync('mkfifo', [fifo]);
    const big = path.join(dir, 'big.yml');
    writeFileSync(big, `clusters: []\nnote: "${'x'.repeat(2 * 1024 * 1024)}"\n`);
    const cases: readonly [string, string][] = [
      [dir, 'it is a directory, not a regular file'],
      [fifo, 'it is a pipe, not a regular file'],
      [big, 'it is larger than 1 MiB'],
    ];
    for (const [file, reason] of cases) {
      const run = await check(file, 64);
      expect(run.stderr).toContain(reason);
      expect(run.code).toBe(78);
    }
  });

  it('validates a config with 60,000 unknown keys (just under 1 MiB) and names only a few of them', async () => {
    const file = path.join(dir, 'many-keys.yml');
    const lines = Array.from({ length: 60_000 }, (_, i) => `  k${i}: v${i}`);
    writeFileSync(file, ['clusters: []', 'extra:', ...lines, ''].join('\n'));
    expect(readFileSync(file).length).toBeLessThan(1024 * 1024);
    const run = await check(file);
    expect(run.code).toBe(78);
    expect(run.stderr).toContain('extra: unknown key "extra"');
    expect(run.stderr.length).toBeLessThan(2000);
  });
});

describe('rmq-bot console with a 50 MB line on stdin', () => {
  it('skips it with the reason and answers the next command, in a 48 MB heap', async () => {
    const input = `${'x'.repeat(50 * 1024 * 1024)}\n/rmq help\n`;
    // A copy, because the bot keeps its store next to its config.
    const config = path.join(dir, 'valid.yml');
    copyFileSync(fixture('valid.yml'), config);
    const run = await runCli(['console', '--config', config], { input, maxHeapMb: 48 });
    expect(run.stdout).toContain('the console takes lines up to 16384 bytes, so it was skipped');
    expect(run.stdout).toContain('rmq-incident-bot commands');
    expect(run.code).toBe(0);
  });
});
