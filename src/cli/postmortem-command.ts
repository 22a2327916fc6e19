import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { formatConfigError, loadConfigFile } from '../config/load-config';
import { openConfiguredStore } from '../store/open-store';
import { drawIncidentCharts } from '../charts/incident-charts';
import { buildPostmortem } from '../timeline/build-postmortem';
import type { CliIo } from './cli-io';
import { chooseConfigFile } from './console-command';

const usage = 'usage: rmq-bot postmortem --incident ID [--out FILE] [--config FILE]';

/** `rmq-bot postmortem`: an incident's Markdown postmortem draft from the configured store. */
export async function runPostmortemCommand(argv: readonly string[], io: CliIo): Promise<number> {
  let options: { config?: string; incident?: string; out?: string };
  try {
    options = parseArgs({ args: [...argv], options: { config: { type: 'string' }, incident: { type: 'string' }, out: { type: 'string' } }, strict: true, allowPositionals: false }).values;
  } catch (e) {
    io.stderr.write(`rmq-bot postmortem: ${(e as Error).message}\n${usage}\n`);
    return 64;
  }
  if (!options.incident) {
    io.stderr.write(`rmq-bot postmortem: --incident ID is required (\`/rmq incident end\` and \`/rmq postmortem\` show the id)\n${usage}\n`);
    return 64;
  }
  const file = chooseConfigFile(options.config, process.env);
  if (file === null) {
    io.stderr.write('rmq-bot postmortem: no config. Pass --config FILE, set RMQ_BOT_CONFIG, or start the local lab with `npx rmq-bot lab up`.\n');
    return 78;
  }
  const loaded = loadConfigFile(file);
  if (!loaded.ok) {
    io.stderr.write(`rmq-bot postmortem: ${formatConfigError(loaded.error)}\n`);
    return 78;
  }
  const { config } = loaded.value;
  const store = openConfiguredStore(config.store, path.dirname(loaded.value.file), {});
  try {
    const incident = await store.getIncident(options.incident);
    if (!incident) {
      io.stderr.write(`rmq-bot postmortem: there is no incident "${options.incident}" in this store\n`);
      return 65;
    }
    const now = new Date();
    // Charts need a place beside the draft: only a draft written to a file embeds them.
    const charts = options.out ? await drawIncidentCharts(store, incident.id, config.clusters.map((c) => c.name), incident.openedAt, incident.closedAt ?? now) : undefined;
    const markdown = await buildPostmortem(store, incident, config.chat.timeZone, now, charts);
    if (options.out) {
      writeFileSync(options.out, markdown);
      for (const chart of charts ?? []) writeFileSync(path.join(path.dirname(options.out), chart.filename), chart.png);
      io.stdout.write(`rmq-bot: wrote the postmortem draft of ${incident.id} to ${options.out}${charts?.length ? ` with ${charts.length} chart${charts.length === 1 ? '' : 's'} beside it` : ''}\n`);
    } else io.stdout.write(markdown);
    return 0;
  } catch (e) {
    io.stderr.write(`rmq-bot postmortem: ${e instanceof Error ? e.message : String(e)}\n`);
    return 69;
  } finally {
    await store.close();
  }
}
