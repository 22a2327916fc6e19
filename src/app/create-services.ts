import path from 'node:path';
import type { Services } from '../commands/types';
import type { LoadedConfig } from '../config/load-config';
import { createSshClusterInspector } from '../inspect/ssh-cluster-inspector';
import type { Logger } from '../observability/logger';
import { openSqliteStore } from '../store/sqlite-store';
import { createSshTransports } from '../transport/ssh-transport';

export interface RunningServices extends Services {
  close(): Promise<void>;
}

/** Wires the edges (SSH, store) once per process; connections open lazily on first use. */
export function createServices(loaded: LoadedConfig, logger: Logger): RunningServices {
  const { config } = loaded;
  const transports = createSshTransports(config, {
    onConnectionError: (node, error) => logger.warn({ node, err: error.message }, 'SSH connection dropped; the next command reconnects'),
  });
  const readerFor = (cluster: string, node: string) => transports.readerFor(cluster, node);
  const inspector = createSshClusterInspector(config, readerFor, () => transports.closeAll());
  const store = openSqliteStore(path.resolve(path.dirname(loaded.file), config.store.sqlitePath));
  return {
    config,
    inspector,
    readerFor,
    store,
    now: () => new Date(),
    async close() {
      await inspector.close();
      await store.close();
    },
  };
}
