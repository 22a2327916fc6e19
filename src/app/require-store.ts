import path from 'node:path';
import type { LoadedConfig } from '../config/load-config';
import { describeStore } from '../store/open-store';
import type { Store } from '../store/store';

/**
 * Why this process must not start serving on its store, or null when the store is usable. A bot
 * without its store could neither record what it runs nor refuse a second click on another replica,
 * so a database it cannot reach stops start-up instead of failing every command later.
 */
export async function unusableStoreReason(store: Store, loaded: LoadedConfig): Promise<string | null> {
  try {
    await store.opened();
    return null;
  } catch (e) {
    const reason = e instanceof Error ? e.message : String(e);
    const where = describeStore(loaded.config.store, path.dirname(loaded.file));
    return (
      `the store (${where}) cannot be used: ${reason.slice(0, 300)}. ` +
      'Check that the database answers and the store section of the config; the bot does not start without its store, because it could not record actions or refuse a repeated click.'
    );
  }
}
