import path from 'node:path';
import { formatConfigError, loadConfigFile } from '../config/load-config';
import { describeStore, openConfiguredStore } from '../store/open-store';
import type { CliIo } from './cli-io';

const usage = 'usage: rmq-bot store purge --config FILE';

const hours = (ms: number) => (ms % 3600_000 === 0 ? `${ms / 3600_000} h` : `${Math.round(ms / 1000)} s`);

/** `rmq-bot store purge`: deletes spent claims and replay-guard keys now, as serve does on its interval. */
export async function runStoreCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const [verb, flag, file, ...extra] = argv;
  if (verb !== 'purge' || flag !== '--config' || file === undefined || extra.length > 0) {
    io.stderr.write(`${usage}\n`);
    return 64;
  }
  const loaded = loadConfigFile(file);
  if (!loaded.ok) {
    io.stderr.write(`${formatConfigError(loaded.error)}\n`);
    return 78;
  }
  const { config } = loaded.value;
  const configDir = path.dirname(loaded.value.file);
  const where = describeStore(config.store, configDir);
  let store;
  try {
    store = openConfiguredStore(config.store, configDir, {});
  } catch (e) {
    io.stderr.write(`rmq-bot store: ${e instanceof Error ? e.message : String(e)}\n`);
    return 78;
  }
  try {
    const purged = await store.purge(new Date(), config.store.purge.afterMs);
    io.stdout.write(`${where}: purged ${purged.claims} claims (spent buttons and replay-guard keys expired more than ${hours(config.store.purge.afterMs)} ago)\n`);
    return 0;
  } catch (e) {
    io.stderr.write(`rmq-bot store: ${where}: ${e instanceof Error ? e.message : String(e)}\n`);
    return 69;
  } finally {
    await store.close();
  }
}
