import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runCliInProcess } from '../helpers/run-cli-in-process';

/** A loopback port nothing listens on: PostgreSQL there refuses the connection at once. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('a store the bot cannot use stops start-up', () => {
  let dir = '';
  beforeEach(() => (dir = mkdtempSync(path.join(tmpdir(), 'rmq-require-store-'))));
  afterEach(() => {
    delete process.env.RMQ_TEST_STORE_URL;
    rmSync(dir, { recursive: true, force: true });
  });

  it('console exits 69 naming the backend and the fix, without printing the URL', async () => {
    process.env.RMQ_TEST_STORE_URL = `postgresql://bot:s3cret-pw@127.0.0.1:${await closedPort()}/rmq`;
    const configFile = path.join(dir, 'bot.yml');
    writeFileSync(
      configFile,
      [
        'clusters:',
        '  - name: lab',
        '    role: primary',
        '    nodes:',
        '      - name: rabbit1@localhost',
        '        ssh: { host: 127.0.0.1, user: rabbit, agent: true, allowUnknownHostKey: true }',
        'store:',
        '  postgres:',
        '    url: { env: RMQ_TEST_STORE_URL }',
        '',
      ].join('\n'),
    );
    const run = await runCliInProcess(['console', '--config', configFile], 'help\n');
    expect(run.code).toBe(69);
    expect(run.stderr).toContain('the store (PostgreSQL (URL from environment variable RMQ_TEST_STORE_URL)) cannot be used');
    expect(run.stderr).toContain('does not start without its store');
    expect(run.stderr).not.toContain('s3cret-pw');
    expect(run.stdout).not.toContain('rmq>');
  });
});
