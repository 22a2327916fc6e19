import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import { buildRegistry } from '../../src/app/build-registry';
import { createServices, type RunningServices } from '../../src/app/create-services';
import { renderReplyText } from '../../src/chat/console/render-text';
import { runCommandText } from '../../src/commands/run-command';
import { loadConfigFile } from '../../src/config/load-config';
import type { Lab } from '../../src/lab/lab';
import { silentLogger } from '../../src/observability/logger';

/**
 * The bot on duty for a describe's lab, with the given deadlines: one set of services, so its SSH
 * connections stay open between questions as they would in production. Returns one answer as plain
 * text, the way the console prints it.
 */
export function labBot(lab: () => Lab, deadlines: { connectMs: number; commandMs: number }, dirPrefix: string): (text: string) => Promise<string> {
  let work = '';
  let services: RunningServices | null = null;
  beforeAll(() => {
    work = mkdtempSync(path.join(os.tmpdir(), dirPrefix));
  });
  afterAll(async () => {
    await services?.close();
    rmSync(work, { recursive: true, force: true });
  });
  return async (text: string): Promise<string> => {
    if (services === null) {
      const file = path.join(work, 'bot.yaml');
      const config = parse(readFileSync(lab().configPath, 'utf8')) as Record<string, unknown>;
      writeFileSync(file, stringify({ ...config, deadlines, store: { sqlite: path.join(work, 'bot.sqlite') } }));
      const loaded = loadConfigFile(file);
      if (!loaded.ok) throw new Error(JSON.stringify(loaded.error));
      services = createServices(loaded.value, silentLogger);
    }
    const reply = await runCommandText(buildRegistry(), text, { actor: { id: 'U0E2ETEST', role: 'viewer' }, channel: 'C0E2ETEST', services, progress: () => undefined }, silentLogger);
    return renderReplyText(reply, { colour: false, buttonIds: [] });
  };
}
