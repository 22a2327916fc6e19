import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openSqliteStore } from '../../src/store/sqlite-store';
import { runCliInProcess as runCli } from '../helpers/run-cli-in-process';

const clusters = ['clusters:', '  - name: lab', '    role: primary', '    nodes:', '      - name: rabbit@localhost', '        ssh: { host: 127.0.0.1, user: rabbitmq, agent: true, allowUnknownHostKey: true }'];

describe('rmq-bot store purge', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'rmq-purge-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('deletes spent claims and replay keys past the retention from the configured SQLite file, and keeps the rest', async () => {
    const configFile = path.join(dir, 'bot.yml');
    writeFileSync(configFile, [...clusters, 'store:', '  sqlite: state/bot.sqlite', '  purge: { afterMs: 3600000 }', ''].join('\n'));
    mkdirSync(path.join(dir, 'state'));
    const store = openSqliteStore(path.join(dir, 'state', 'bot.sqlite'));
    const now = Date.now();
    await store.claimAction('spent', 'U0ALICE', new Date(now - 3 * 3600_000), new Date(now - 2 * 3600_000));
    await store.finishAction('spent', new Date(now - 3 * 3600_000), 'done');
    await store.claimAction('slack-request:v0=old', 'slack-receiver', new Date(now - 3 * 3600_000), new Date(now - 2 * 3600_000));
    await store.claimAction('recent', 'U0ALICE', new Date(now - 60_000), new Date(now - 30_000));
    await store.close();

    const r = await runCli(['store', 'purge', '--config', configFile]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`SQLite ${path.join(dir, 'state', 'bot.sqlite')}: purged 2 claims (spent buttons and replay-guard keys expired more than 1 h ago)\n`);
    const after = openSqliteStore(path.join(dir, 'state', 'bot.sqlite'));
    try {
      expect(await after.getClaim('spent', new Date())).toBeNull();
      expect(await after.getClaim('recent', new Date())).not.toBeNull();
    } finally {
      await after.close();
    }
  });

  it('says which secret is missing when the PostgreSQL URL cannot be read', async () => {
    const configFile = path.join(dir, 'bot.yml');
    writeFileSync(configFile, [...clusters, 'store:', '  postgres: { url: { env: RMQ_TEST_UNSET_STORE_URL } }', ''].join('\n'));
    const r = await runCli(['store', 'purge', '--config', configFile]);
    expect(r.code).toBe(78);
    expect(r.stderr).toBe("rmq-bot store: store.postgres.url: environment variable RMQ_TEST_UNSET_STORE_URL is not set. Set it to the database's postgresql:// URL.\n");
  });

  it('refuses both backends at once, and shows its usage on wrong arguments', async () => {
    const configFile = path.join(dir, 'bot.yml');
    writeFileSync(configFile, [...clusters, 'store:', '  sqlite: bot.sqlite', '  postgres: { url: { env: DATABASE_URL } }', ''].join('\n'));
    const both = await runCli(['store', 'purge', '--config', configFile]);
    expect(both.code).toBe(78);
    expect(both.stderr).toContain('choose one backend: store.sqlite or store.postgres, not both');
    const wrong = await runCli(['store', 'vacuum']);
    expect(wrong.code).toBe(64);
    expect(wrong.stderr).toBe('usage: rmq-bot store purge --config FILE\n');
  });
});
