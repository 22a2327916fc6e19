import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import { buildRegistry } from '../../src/app/build-registry';
import { createServices, type RunningServices } from '../../src/app/create-services';
import { runCommandText } from '../../src/commands/run-command';
import type { CommandContext, Role } from '../../src/commands/types';
import { loadConfigFile } from '../../src/config/load-config';
import { silentLogger } from '../../src/observability/logger';
import { readFixture } from '../helpers/fixtures';

/** `/rmq watch` against the real services and a real SQLite store (it never reaches a node). */
describe('/rmq watch', () => {
  let dir: string;
  const opened: RunningServices[] = [];

  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'rmq-watch-command-'));
  });
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((s) => s.close()));
    rmSync(dir, { recursive: true, force: true });
  });

  function services(watch: Record<string, unknown> | undefined): RunningServices {
    const config = parse(readFixture('config/valid.yml')) as Record<string, unknown>;
    if (watch) config['watch'] = watch;
    const file = path.join(dir, 'bot.yml');
    writeFileSync(file, stringify(config));
    const loaded = loadConfigFile(file);
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.error));
    const running = createServices(loaded.value, silentLogger);
    opened.push(running);
    return running;
  }

  const run = (s: RunningServices, text: string, role: Role = 'operator') => {
    const ctx: CommandContext = { actor: { id: 'U0ALICE', role }, channel: 'C0INCIDENT', services: s, progress: () => undefined };
    return runCommandText(buildRegistry(), text, ctx, silentLogger);
  };

  it('lets a viewer look but not switch', async () => {
    const s = services({ intervalMs: 5000 });
    expect((await run(s, '/rmq watch status', 'viewer')).summary).toMatch(/^Watch mode is on, every 5 s/);
    expect((await run(s, '/rmq watch off', 'viewer')).summary).toBe('`/rmq watch off` needs the operator role; you have viewer.');
    expect(await s.store.getWatchSwitch()).toBeNull();
  });

  it('keeps the switch in the store, for every replica and restart, and records who turned it', async () => {
    const s = services({ intervalMs: 5000 });
    await run(s, '/rmq watch off');
    expect(await s.store.getWatchSwitch()).toMatchObject({ on: false, by: 'U0ALICE' });
    const status = await run(s, '/rmq watch status', 'viewer');
    expect(status.summary).toMatch(/^Watch mode is off \(turned off by U0ALICE at /);
    const events = (await s.store.listTimeline({ limit: 10 })).events.filter((e) => e.kind === 'watch-switched');
    expect(events.map((e) => [e.details, e.summary])).toEqual([[{ on: false }, 'U0ALICE turned watch mode off']]);
  });

  it('says how to configure watch mode when the config has none', async () => {
    const reply = await run(services(undefined), '/rmq watch on');
    expect(reply.summary).toMatch(/^Watch mode is not configured: add a `watch:` section/);
  });

  it('refuses other words with the usage', async () => {
    const reply = await run(services({ intervalMs: 5000 }), '/rmq watch maybe');
    expect(JSON.stringify(reply)).toContain('/rmq watch on|off|status');
  });
});
