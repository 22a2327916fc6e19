import { readFileSync, writeFileSync } from 'node:fs';
import { parse, stringify } from 'yaml';
import type { ConfigEdit, EditableBotConfig } from './drill-types';

/**
 * Deadlines of the bot during a lab drill: short enough that a dead or hung node costs seconds, long
 * enough for a busy 2-core machine. Bounds on how soon the bot must see a fault derive from these.
 */
export const DRILL_DEADLINES = { connectMs: 5_000, commandMs: 12_000 } as const;

/**
 * How long an answer that should already be right may take to become right: three command deadlines,
 * so a busy machine (load above 40 was seen on 2 shared cores) gets a few tries before a drill fails.
 */
export const SETTLE_MS = 3 * DRILL_DEADLINES.commandMs;

/**
 * Writes the lab's bot config with the drill's deadlines and its own store, changed by `edit`. The
 * console validates it like any config, so a bad edit fails the drill with the config error.
 */
export function writeDrillConfig(baseFile: string, outFile: string, sqlitePath: string, edit?: ConfigEdit): string {
  const config = parse(readFileSync(baseFile, 'utf8')) as EditableBotConfig;
  config['deadlines'] = { ...DRILL_DEADLINES };
  config['store'] = { sqlitePath };
  edit?.(config);
  writeFileSync(outFile, stringify(config, { lineWidth: 0 }));
  return outFile;
}

/** The entry of NODE in the config, for edits. */
export function configNode(config: EditableBotConfig, node: string): EditableBotConfig['clusters'][number]['nodes'][number] {
  const found = config.clusters.flatMap((c) => c.nodes).find((n) => n.name === node);
  if (found === undefined) throw new Error(`${node} is not in the bot config`);
  return found;
}
