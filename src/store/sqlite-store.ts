import { SqliteClient } from './sqlite-client';
import { SqlStore, type StoreOptions } from './sql-store';

/** The embedded default: one file, several processes on one machine at most. */
export function openSqliteStore(file: string, options: StoreOptions = {}): SqlStore {
  return SqlStore.open(new SqliteClient(file), options);
}
