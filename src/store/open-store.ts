import path from 'node:path';
import type { StoreConfig } from '../config/schema';
import { describeSecretProblem, describeSecretSource, loadSecret, processSecretSources, type SecretSources } from '../secrets/load-secret';
import { openPostgresStore } from './postgres-store';
import { openSqliteStore } from './sqlite-store';
import type { SqlStore, StoreOptions } from './sql-store';
import { StoreError } from './store-error';

const defaultSqliteFile = 'rmq-bot.sqlite';

/** One line for logs and the CLI: which backend, where (never the PostgreSQL URL: it may hold a password). */
export function describeStore(config: StoreConfig, configDir: string): string {
  if (config.postgres) return `PostgreSQL (URL from ${describeSecretSource(config.postgres.url)})`;
  return `SQLite ${path.resolve(configDir, config.sqlite ?? defaultSqliteFile)}`;
}

/**
 * Opens the configured backend; the schema is migrated in the background (`opened()` waits for it).
 * Throws StoreError `unconfigured` when the PostgreSQL URL cannot be read.
 */
export function openConfiguredStore(config: StoreConfig, configDir: string, options: StoreOptions, secrets: SecretSources = processSecretSources): SqlStore {
  const storeOptions = { claimLeaseMs: config.claimLeaseMs, ...options };
  if (!config.postgres) return openSqliteStore(path.resolve(configDir, config.sqlite ?? defaultSqliteFile), storeOptions);
  const url = loadSecret(config.postgres.url, secrets);
  if (!url.ok) throw new StoreError('unconfigured', `store.postgres.url: ${describeSecretProblem(url.error)}. Set it to the database's postgresql:// URL.`);
  return openPostgresStore({ url: url.value, poolSize: config.postgres.poolSize, statementTimeoutMs: config.postgres.statementTimeoutMs }, storeOptions);
}
