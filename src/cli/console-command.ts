import { existsSync } from 'node:fs';
import { userInfo } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { unusableStoreReason } from '../app/require-store';
import { createServices } from '../app/create-services';
import { runConsoleSession } from '../chat/console/console-session';
import { buildRegistry } from '../app/build-registry';
import { resolveRole } from '../commands/resolve-role';
import type { Actor } from '../commands/types';
import { formatConfigError, loadConfigFile } from '../config/load-config';
import { defaultLabDir } from '../lab/lab-args';
import { createLogger } from '../observability/logger';
import type { CliIo } from './cli-io';

export const labConfigPath = (): string => path.join(process.env.RMQ_LAB_DIR ?? defaultLabDir(), 'rmq-bot.lab.yaml');

/** --config, else $RMQ_BOT_CONFIG, else the local lab's config when a lab has been started. */
export function chooseConfigFile(explicit: string | undefined, env: NodeJS.ProcessEnv): string | null {
  if (explicit !== undefined) return explicit;
  if (env.RMQ_BOT_CONFIG) return env.RMQ_BOT_CONFIG;
  const lab = labConfigPath();
  return existsSync(lab) ? lab : null;
}

/** `rmq-bot console [--config FILE] [--as USER]`. */
export async function runConsoleCommand(argv: readonly string[], io: CliIo): Promise<number> {
  let options: { config?: string; as?: string };
  try {
    options = parseArgs({ args: [...argv], options: { config: { type: 'string' }, as: { type: 'string' } }, strict: true, allowPositionals: false }).values;
  } catch (e) {
    io.stderr.write(`rmq-bot console: ${(e as Error).message}\nusage: rmq-bot console [--config FILE] [--as USER]\n`);
    return 64;
  }
  const file = chooseConfigFile(options.config, process.env);
  if (file === null) {
    io.stderr.write('rmq-bot console: no config. Pass --config FILE, set RMQ_BOT_CONFIG, or start the local lab with `npx rmq-bot lab up`.\n');
    return 78;
  }
  const loaded = loadConfigFile(file);
  if (!loaded.ok) {
    io.stderr.write(`rmq-bot console: ${formatConfigError(loaded.error)}\n`);
    return 78;
  }
  let actor: Actor;
  if (options.as !== undefined) {
    const role = resolveRole(loaded.value.config.chat.roles, options.as);
    if (role === null) {
      io.stderr.write(`rmq-bot console: ${options.as} has no role in ${loaded.value.file} (chat.roles); add the id there or drop --as.\n`);
      return 77;
    }
    actor = { id: options.as, role };
  } else {
    // Reading is safe for anyone at the terminal; changing a cluster needs a named user (--as) the config grants a role.
    actor = { id: `console:${userInfo().username}`, role: 'viewer' };
  }
  const logger = createLogger();
  const services = createServices(loaded.value, logger);
  const storeProblem = await unusableStoreReason(services.store, loaded.value);
  if (storeProblem !== null) {
    io.stderr.write(`rmq-bot console: ${storeProblem}\n`);
    await services.close();
    return 69;
  }
  try {
    return await runConsoleSession({ registry: buildRegistry(), services, actor, logger, io: { input: io.stdin, output: io.stdout, notices: io.stderr, interactive: io.interactive } });
  } finally {
    await services.close();
  }
}
