import path from 'node:path';
import type { Services } from '../commands/types';
import type { LoadedConfig } from '../config/load-config';
import { createSshClusterInspector } from '../inspect/ssh-cluster-inspector';
import type { Logger } from '../observability/logger';
import { describeStore, openConfiguredStore } from '../store/open-store';
import { createSshTransports } from '../transport/ssh-transport';

export interface RunningServices extends Services {
  close(): Promise<void>;
}

/**
 * Wires the edges (SSH, store) once per process; connections open lazily on first use. The store
 * migrates as it opens, and purges spent claims on the configured interval while the process runs.
 */
export function createServices(loaded: LoadedConfig, logger: Logger): RunningServices {
  const { config } = loaded;
  const transports = createSshTransports(config, {
    onConnectionError: (node, error) => logger.warn({ node, err: error.message }, 'SSH connection dropped; the next command reconnects'),
  });
  const readerFor = (cluster: string, node: string) => transports.readerFor(cluster, node);
  const inspector = createSshClusterInspector(config, readerFor, () => transports.closeAll());
  const configDir = path.dirname(loaded.file);
  const store = openConfiguredStore(config.store, configDir, { onError: (what, err) => logger.error({ err, store: describeStore(config.store, configDir) }, `store: ${what} failed`) });
  const now = () => new Date();
  const purge = setInterval(() => {
    store
      .purge(now(), config.store.purge.afterMs)
      .then((purged) => logger.info(purged, 'store: purged spent claims'))
      .catch((err: unknown) => logger.error({ err }, 'store: purge failed'));
  }, config.store.purge.everyMs);
  purge.unref();
  return {
    config,
    inspector,
    readerFor,
    store,
    now,
    async close() {
      clearInterval(purge);
      await inspector.close();
      await store.close();
    },
  };
}
