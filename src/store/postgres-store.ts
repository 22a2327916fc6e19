import { PostgresClient, type PostgresOptions } from './postgres-client';
import { SqlStore, type StoreOptions } from './sql-store';

/** For several replicas: every guarantee holds across processes and machines sharing the database. */
export function openPostgresStore(connection: PostgresOptions, options: StoreOptions = {}): SqlStore {
  return SqlStore.open(new PostgresClient(connection), options);
}
