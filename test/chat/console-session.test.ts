import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { stringify } from 'yaml';
import { z } from 'zod';
import { createServices, type RunningServices } from '../../src/app/create-services';
import { runConsoleSession } from '../../src/chat/console/console-session';
import { buildRegistry } from '../../src/app/build-registry';
import { loadConfigFile } from '../../src/config/load-config';
import { createRegistry } from '../../src/commands/registry';
import type { ActionDefinition } from '../../src/commands/types';
import type { Button, Reply } from '../../src/reply/model';
import { silentLogger } from '../../src/observability/logger';

/**
 * The console as `rmq-bot console` runs it when piped: the real registry, real services (SSH
 * transports, SQLite store in a temp dir) and a config whose nodes listen nowhere, so `/rmq status`
 * is answered at once with "refused" and `help` never connects at all.
 */

/** A loopback port that was free a moment ago: connecting to it is refused at once. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

interface Session {
  readonly code: number;
  readonly output: string;
  readonly notices: string;
}

/** The real registry plus `/rmq danger`, which shows one button handled by `action`. */
function registryWithButton(button: Button, action: ActionDefinition) {
  const real = buildRegistry();
  const danger = {
    name: 'danger',
    summary: 'test: shows one button',
    usage: '/rmq danger',
    permission: 'viewer' as const,
    args: z.object({ positional: z.array(z.string()), flags: z.record(z.string(), z.union([z.string(), z.literal(true)])) }),
    run: async (): Promise<Reply> => ({ summary: 'choose', blocks: [{ kind: 'actions', buttons: [button] }] }),
  };
  return createRegistry([...real.commands.values(), danger], [...real.actions.values(), action]);
}

describe('the console session (piped)', () => {
  let dir = '';
  let services: RunningServices | null = null;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'rmq-console-'));
    const key = path.join(dir, 'client_ed25519');
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'console-test', '-f', key]);
    const hostKey = readFileSync(`${key}.pub`, 'utf8').trim().split(' ').slice(0, 2).join(' ');
    const port = await closedPort();
    const config = {
      clusters: [
        {
          name: 'dark',
          role: 'primary',
          nodes: ['rabbit1@nowhere', 'rabbit2@nowhere'].map((name) => ({ name, ssh: { host: '127.0.0.1', port, user: 'root', privateKey: { file: key }, hostKey } })),
        },
      ],
      deadlines: { connectMs: 500, commandMs: 1_000 },
    };
    const file = path.join(dir, 'console.yaml');
    writeFileSync(file, stringify(config));
    const loaded = loadConfigFile(file);
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.error));
    services = createServices(loaded.value, silentLogger);
  });

  afterAll(async () => {
    await services?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  async function session(lines: readonly string[], registry = buildRegistry()): Promise<Session> {
    if (services === null) throw new Error('services did not start');
    const input = new PassThrough();
    const output = new PassThrough();
    const notices = new PassThrough();
    let out = '';
    let note = '';
    output.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
    notices.on('data', (chunk: Buffer) => (note += chunk.toString('utf8')));
    input.end(lines.map((l) => `${l}\n`).join(''));
    const code = await runConsoleSession({
      registry,
      services,
      actor: { id: 'console:test', role: 'approver' },
      logger: silentLogger,
      io: { input, output, notices, interactive: false },
    });
    return { code, output: out, notices: note };
  }

  it('lists the commands for /rmq help, in plain text', async () => {
    const { code, output } = await session(['/rmq help']);
    expect(code).toBe(0);
    expect(output).not.toMatch(/\u001b\[/);
    expect(output).toContain('rmq-incident-bot commands\n=========================');
    expect(output).toMatch(/^ {2}\/rmq status \[cluster\] +Who is up, who is unreachable and why, who sees whom, alarms, partitions +viewer$/m);
    expect(output).toMatch(/^ {2}\/rmq cluster \[cluster\] +Membership matrix/m);
    expect(output).toMatch(/^ {2}\/rmq help \[command\] +List the commands/m);
  });

  it('refuses an unknown command politely and points at help', async () => {
    const { output } = await session(['/rmq reboot rabbit3@nowhere']);
    expect(output).toBe('▲ There is no `/rmq reboot` command.\n\nType `/rmq help` for the list.\n\n');
  });

  it('says when a quote is not closed', async () => {
    const { output } = await session(['/rmq status "dark']);
    expect(output).toBe('▲ A quote is not closed. Close it or remove it and try again.\n\n');
  });

  it('runs a shown button once: Refresh works, a second press and an unknown id are refused', async () => {
    const { code, output, notices } = await session(['/rmq status', 'press b1', 'press b1', 'press b9', 'quit', '/rmq help']);
    expect(code).toBe(0);
    // The first status and the Refresh each draw the unreachable nodes and their buttons.
    expect(output.match(/✖ 0 of 2 nodes up; rabbit1@nowhere: SSH unreachable; rabbit2@nowhere: SSH unreachable/g)).toHaveLength(2);
    expect(output).toMatch(/^ {2}Why +cannot reach rabbit1@nowhere \(127\.0\.0\.1:\d+\): connect ECONNREFUSED/m);
    expect(output).toContain('[b1] Refresh   [b2] Membership dark');
    expect(output).toContain('[b3] Refresh   [b4] Membership dark');
    expect(output).toContain('▲ This button already ran, so I did not run it again.');
    expect(output).toMatch(/Pressed by console:test, finished at .* UTC: dark: 0 of 2 nodes up;/);
    expect(output).toContain('▲ No button b9 on screen. Buttons look like [b1].');
    // `quit` ends the session: the help after it never ran.
    expect(output).not.toContain('rmq-incident-bot commands');
    expect(notices).toContain('… dark: 0 of 2 nodes answered; waiting for rabbit1@nowhere, rabbit2@nowhere');
    // The event log has both runs and the refused second press, newest first (earlier tests' commands follow).
    const timeline = await services?.store.listTimeline({ channel: 'console', limit: 3 });
    expect(timeline?.events.map((e) => `${e.kind} ${e.summary.split(' → ')[0]}`)).toEqual([
      'action-refused pressed status.refresh: refused (already-done)',
      'button-pressed pressed status.refresh',
      'command-run /rmq status',
    ]);
  });

  it('explains press ID when press has no id or more than one', async () => {
    const { output } = await session(['press', 'press b1 b2']);
    const usage = '▲ press needs one button id: press ID, for example `press b1` (buttons show as [b1]).';
    expect(output.split(usage)).toHaveLength(3);
  });

  it('skips a line over the cap with the reason, and goes on with the next', async () => {
    const { output } = await session(['x'.repeat(100_000), '/rmq help']);
    expect(output).toContain('▲ That line was 100000 bytes; the console takes lines up to 16384 bytes, so it was skipped.');
    expect(output).toContain('rmq-incident-bot commands');
  });

  describe('a button with a confirm dialog', () => {
    const runs: string[] = [];
    const dialog = { title: 'Restart rabbit3?', text: 'Runs start_app over SSH.', confirmLabel: 'Restart', denyLabel: 'Keep it' };
    const registry = registryWithButton(
      { actionId: 'test.restart', label: 'Restart', value: 'rabbit3', style: 'danger', confirm: dialog },
      { actionId: 'test.restart', permission: 'operator', run: async (value) => (runs.push(value), { summary: `restarted ${value}`, blocks: [{ kind: 'text', text: `restarted ${value}` }] }) },
    );
    beforeEach(() => runs.splice(0));

    it('asks first: anything but yes cancels without spending the button, yes runs it once', async () => {
      const { output } = await session(['/rmq danger', 'press b1', 'no', 'press b1', 'yes', 'press b1', 'yes'], registry);
      expect(output).toContain('Restart rabbit3?');
      expect(output).toContain('Type yes to Restart; anything else is Keep it.');
      expect(output).toContain('Keep it: nothing was run.');
      expect(output).toContain('restarted rabbit3');
      expect(output).toContain('This button already ran, so I did not run it again.');
      expect(runs).toEqual(['rabbit3']);
    });
  });

  describe('a destructive button that asks for the target\'s name, as Slack\'s modal does', () => {
    const runs: string[] = [];
    const dialog = { title: 'Evict rabbit3?', text: 'Runs forget_cluster_node from a peer.', confirmLabel: 'Evict', denyLabel: 'Keep it' };
    const typed = { title: 'Type the node name', text: 'forget_cluster_node deletes its classic queues.', label: 'Node name', submitLabel: 'Evict' };
    const registry = registryWithButton(
      { actionId: 'test.evict', label: 'Evict', value: 'rabbit3', style: 'danger', confirm: dialog, typed },
      {
        actionId: 'test.evict',
        permission: 'operator',
        // The action judges the typed word, as the runbook engine does; a refusal answers the presser only.
        run: async (value, _ctx, word) =>
          word === value
            ? (runs.push(value), { summary: `evicted ${value}`, blocks: [{ kind: 'text', text: `evicted ${value}` }] })
            : { summary: 'wrong name', ephemeral: true, blocks: [{ kind: 'text', text: `"${word ?? ''}" is not ${value}: nothing was run.` }] },
      },
    );

    beforeEach(() => runs.splice(0));

    it('asks yes first, then the name; a wrong name runs nothing and leaves the button, the right one runs it once', async () => {
      const { output } = await session(['/rmq danger', 'press b1', 'yes', 'rabbit9', 'press b1', 'yes', 'rabbit3', 'press b1', 'yes', 'rabbit3'], registry);
      expect(output).toContain('Type yes to Evict; anything else is Keep it.');
      expect(output).toContain('Node name: type it on the next line to Evict.');
      expect(output).toContain('"rabbit9" is not rabbit3: nothing was run.');
      expect(output).toContain('evicted rabbit3');
      expect(output).toContain('This button already ran, so I did not run it again.');
      expect(runs).toEqual(['rabbit3']);
    });
  });
});
