import { Pool, types, type PoolClient } from 'pg';
import { postgresDialect } from './dialect';
import type { SqlClient, SqlExecutor, SqlValue } from './sql-client';

export interface PostgresOptions {
  readonly url: string;
  readonly poolSize: number;
  readonly statementTimeoutMs: number;
}

const INT8_OID = 20;
/** Arbitrary but fixed: every replica asks for the same advisory lock before migrating. */
const MIGRATION_LOCK_KEY = 0x726d7162;
const SERIALIZATION_RETRIES = 8;
/** could_not_serialize and deadlock_detected: the transaction did nothing and may simply be run again. */
const retryableCodes = new Set(['40001', '40P01']);

/** BIGINT columns hold milliseconds and counters, far below 2^53: read them as numbers, not strings. */
function parseInt8(text: string): number {
  const value = Number(text);
  if (!Number.isSafeInteger(value)) throw new RangeError(`BIGINT ${text} does not fit a JavaScript number`);
  return value;
}

const typeParsers = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8_OID ? parseInt8 : types.getTypeParser(oid, format as 'text')) as typeof types.getTypeParser,
};

function executorOn(client: Pool | PoolClient): SqlExecutor {
  return {
    dialect: postgresDialect,
    query: async <Row>(sql: string, params: readonly SqlValue[] = []) =>
      (await client.query(postgresDialect.toDriverSql(sql), [...params])).rows as Row[],
    run: async (sql: string, params: readonly SqlValue[] = []) =>
      (await client.query(postgresDialect.toDriverSql(sql), [...params])).rowCount ?? 0,
  };
}

const isRetryable = (e: unknown): boolean =>
  typeof e === 'object' && e !== null && retryableCodes.has(String((e as { code?: unknown }).code));

export class PostgresClient implements SqlClient {
  readonly dialect = postgresDialect;
  private readonly pool: Pool;
  private readonly direct: SqlExecutor;

  constructor(options: PostgresOptions) {
    this.pool = new Pool({
      connectionString: options.url,
      max: options.poolSize,
      statement_timeout: options.statementTimeoutMs,
      // A database host that drops packets would otherwise hold every store call (and start-up) forever.
      connectionTimeoutMillis: options.statementTimeoutMs,
      types: typeParsers,
    });
    // An idle pooled connection that the server drops must not crash the bot; the pool replaces it.
    this.pool.on('error', () => undefined);
    this.direct = executorOn(this.pool);
  }

  query<Row>(sql: string, params?: readonly SqlValue[]): Promise<Row[]> {
    return this.direct.query<Row>(sql, params);
  }

  run(sql: string, params?: readonly SqlValue[]): Promise<number> {
    return this.direct.run(sql, params);
  }

  async transaction<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      for (let attempt = 1; ; attempt++) {
        try {
          return await this.within(client, 'BEGIN ISOLATION LEVEL SERIALIZABLE', fn);
        } catch (e) {
          if (!isRetryable(e) || attempt >= SERIALIZATION_RETRIES) throw e;
          // Jittered backoff so the transactions that collided do not collide again in step.
          await new Promise((resolve) => setTimeout(resolve, Math.random() * 5 * 2 ** attempt));
        }
      }
    } finally {
      client.release();
    }
  }

  async exclusively<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      // Waiting for another replica's migration is not a slow statement: no timeout while we wait.
      await client.query('SET statement_timeout = 0');
      try {
        await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
      } finally {
        await client.query('RESET statement_timeout');
      }
      try {
        return await this.within(client, 'BEGIN', fn);
      } finally {
        await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
      }
    } finally {
      client.release();
    }
  }

  async close(): Promise<void> {
    await this.pool.end();
  }

  private async within<T>(client: PoolClient, begin: string, fn: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    await client.query(begin);
    try {
      const result = await fn(executorOn(client));
      await client.query('COMMIT');
      return result;
    } catch (e) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw e;
    }
  }
}
