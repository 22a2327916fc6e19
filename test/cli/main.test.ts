import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runCliInProcess as runCli } from '../helpers/run-cli-in-process';

const run = runCli;

const fixture = (name: string) => path.join(__dirname, '..', 'fixtures', 'config', name);

describe('rmq-bot config check', () => {
  it('summarizes a valid config and exits 0', async () => {
    const r = await run(['config', 'check', '--config', fixture('valid.yml')]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('is valid.');
    expect(r.stdout).toContain('cluster prod (primary), 2 nodes:');
  });

  it('names the problem in an invalid config and exits 78', async () => {
    const r = await run(['config', 'check', '--config', fixture('unknown-key.yml')]);
    expect(r.code).toBe(78);
    expect(r.stderr).toContain('clusters[0].nodes[0].comandPrefix: unknown key "comandPrefix"');
  });

  it('shows its usage when the arguments are wrong', async () => {
    const r = await run(['config', 'check']);
    expect(r.code).toBe(64);
    expect(r.stderr).toContain('usage: rmq-bot config check --config FILE');
  });
});

describe('rmq-bot console --as', () => {
  let dir: string;
  let configFile: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'rmq-cli-'));
    configFile = path.join(dir, 'bot.yml');
    writeFileSync(
      configFile,
      [
        'clusters:',
        '  - name: lab',
        '    role: primary',
        '    nodes:',
        '      - name: rabbit1@localhost',
        '        ssh: { host: 127.0.0.1, port: 1, user: root, agent: true, allowUnknownHostKey: true }',
        'chat:',
        '  roles: { viewer: [U0VIEWER1], operator: [U0OPERATR] }',
        '',
      ].join('\n'),
    );
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('acts as a user the config knows', async () => {
    const r = await run(['console', '--config', configFile, '--as', 'U0VIEWER1'], '/rmq help\n');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('/rmq status [cluster]');
  });

  it('refuses a user with no role, saying where roles are set', async () => {
    const r = await run(['console', '--config', configFile, '--as', 'U0STRANGER'], '/rmq help\n');
    expect(r.code).toBe(77);
    expect(r.stderr).toContain('U0STRANGER has no role');
    expect(r.stderr).toContain('chat.roles');
  });

  it('rejects an unknown option', async () => {
    const r = await run(['console', '--config', configFile, '--user', 'x']);
    expect(r.code).toBe(64);
    expect(r.stderr).toContain("Unknown option '--user'");
  });
});
