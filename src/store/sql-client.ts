import type { Dialect } from './dialect';

export type SqlValue = string | number | null;

/**
 * The few operations the store needs from a database, with `?` placeholders and BIGINT columns read
 * as numbers on every backend, so the store's SQL is written once.
 */
export interface SqlExecutor {
  readonly dialect: Dialect;
  /** Rows of a SELECT or of a statement with RETURNING. */
  query<Row>(sql: string, params?: readonly SqlValue[]): Promise<Row[]>;
  /** Runs a statement without result rows; resolves with the number of rows it changed. */
  run(sql: string, params?: readonly SqlValue[]): Promise<number>;
}

export interface SqlClient extends SqlExecutor {
  /**
   * Runs `fn` in one serializable transaction; commits when it resolves, rolls back when it throws.
   * On PostgreSQL a serialization failure reruns `fn` from the start, so `fn` must have no effects
   * outside the database.
   */
  transaction<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T>;
  /** Runs `fn` in a transaction that no other process runs at the same time (schema migrations). */
  exclusively<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}
