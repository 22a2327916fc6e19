import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildRegistry } from '../../src/app/build-registry';
import { runCommandText } from '../../src/commands/run-command';
import type { CommandContext, Role } from '../../src/commands/types';
import { silentLogger } from '../../src/observability/logger';
import type { Reply } from '../../src/reply/model';
import { openSqliteStore } from '../../src/store/sqlite-store';
import type { SqlStore } from '../../src/store/sql-store';
import { labConfig, scriptedInspector } from '../slack/harness';
import { scriptedReader } from '../helpers/scripted-reader';
import { createMutationExecutor } from '../../src/mutations/mutation-executor';
import { createSshTransports } from '../../src/transport/ssh-transport';

const channel = 'C0INCIDENT';
const t0 = Date.parse('2026-11-30T08:00:00Z');
let clock = t0;
let dir: string;
let store: SqlStore;

beforeEach(async () => {
  clock = t0;
  dir = mkdtempSync(path.join(os.tmpdir(), 'rmq-timeline-cmd-'));
  store = openSqliteStore(path.join(dir, 'bot.sqlite'));
  await store.opened();
});

afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

const config = { ...labConfig(), chat: { ...labConfig().chat, timeZone: 'Europe/Berlin' } };

function run(text: string, actor = 'U0ALICE', role: Role = 'operator'): Promise<Reply> {
  clock += 60_000;
  const ctx: CommandContext = {
    actor: { id: actor, role },
    channel,
    services: { config, inspector: scriptedInspector([]), readerFor: () => scriptedReader(async () => ({ kind: 'ok', stdout: '', stderr: '', durationMs: 1, truncated: false })), store, executor: createMutationExecutor({ journal: store, mutatorFor: createSshTransports(config).mutatorFor, now: () => new Date(clock) }), now: () => new Date(clock) },
    progress: () => undefined,
  };
  return runCommandText(buildRegistry(), text, ctx, silentLogger);
}

const preformatted = (reply: Reply): string => reply.blocks.flatMap((b) => (b.kind === 'preformatted' ? [b.text] : [])).join('\n');

describe('incident, note, timeline and postmortem commands', () => {
  it('opens one incident per channel, keeps notes in it, and drafts a postmortem with every event in order', async () => {
    expect((await run('incident start RabbitMQ node rabbit3 down')).summary).toMatch(/^Incident inc-20261130-\w+ opened/);
    expect((await run('incident start again')).summary).toMatch(/already has an open incident/);
    expect((await run('note restarted rabbit3 by hand', 'U0BOB', 'viewer')).summary).toMatch(/^Noted in inc-/);
    await run('note follow-up: alert on partitions', 'U0BOB', 'viewer');

    const timeline = preformatted(await run('timeline'));
    const lines = timeline.split('\n');
    const index = (pattern: RegExp) => lines.findIndex((l) => pattern.test(l));
    // Commands run in the channel are in it too, next to the events recorded for the incident.
    expect(index(/^2026-11-30 09:01:00 CET {2}U0ALICE {2}:rotating_light: Incident opened: RabbitMQ node rabbit3 down \(inc-/)).toBeGreaterThanOrEqual(0);
    expect(index(/^2026-11-30 09:03:00 CET {2}U0BOB {2}restarted rabbit3 by hand$/)).toBeGreaterThan(index(/Incident opened/));
    expect(index(/^2026-11-30 09:04:00 CET {2}U0BOB {2}follow-up: alert on partitions$/)).toBeGreaterThan(index(/restarted rabbit3/));
    expect(lines.map((l) => l.slice(0, 19))).toEqual([...lines.map((l) => l.slice(0, 19))].sort());

    expect((await run('incident end')).summary).toMatch(/closed/);
    const draft = preformatted(await run('postmortem'));
    expect(draft).toContain('# Postmortem draft: RabbitMQ node rabbit3 down');
    expect(draft).toContain('## Impact window');
    expect(draft).toContain('| 2026-11-30 09:03:00 CET | U0BOB | restarted rabbit3 by hand |');
    expect(draft).toContain('- follow-up: alert on partitions (U0BOB, 2026-11-30 09:04:00 CET)');
    const rows = draft.split('\n').filter((l) => /^\| 2026-/.test(l));
    const times = rows.map((r) => r.slice(2, 21));
    expect(times).toEqual([...times].sort());
    // Opened, two notes, the `/rmq timeline` run, closed: a note or incident command is not listed again as a command.
    expect(rows).toHaveLength(5);
  });

  it('lists the channel when no incident is open, all of it or since a time', async () => {
    await run('note before any incident', 'U0BOB', 'viewer');
    clock += 3600_000;
    await run('note an hour later', 'U0BOB', 'viewer');
    expect(preformatted(await run('timeline'))).toMatch(/before any incident[^]*an hour later/);
    const recent = preformatted(await run('timeline --since 30m'));
    expect(recent).toContain('an hour later');
    expect(recent).not.toContain('before any incident');
  });

  it('refuses bad input with the fix', async () => {
    expect((await run('timeline --since soon')).blocks.map((b) => ('text' in b ? b.text : '')).join(' ')).toContain('like 30m, 2h, 45s or 1d');
    expect((await run('incident end')).summary).toBe('There is no open incident in this channel.');
    expect((await run('postmortem')).summary).toMatch(/no incident/);
    expect((await run('incident start x', 'U0VIEW', 'viewer')).summary).toMatch(/needs the operator role/);
  });
});
