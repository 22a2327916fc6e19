import type { SqlExecutor } from './sql-client';

/** Where a store's statements go: straight to the database, or into the transaction it was opened in. */
export interface SqlScope {
  readonly exec: SqlExecutor;
  /** Runs `fn` atomically: a new transaction, or the surrounding one. */
  atomically<T>(fn: (exec: SqlExecutor) => Promise<T>): Promise<T>;
}
