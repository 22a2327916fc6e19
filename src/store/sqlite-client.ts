import path from 'node:path';
import Database from 'better-sqlite3';
import { sqliteDialect } from './dialect';
import type { SqlClient, SqlExecutor, SqlValue } from './sql-client';

interface Turns {
  tail: Promise<unknown>;
}

/**
 * One queue per database file in this process. Two connections to one file in one thread would
 * deadlock: the second's BEGIN waits for the lock synchronously (busy_timeout) and so blocks the very
 * event loop the first needs to commit.
 */
const turnsByFile = new Map<string, Turns>();

function turnsFor(file: string): Turns {
  if (file === ':memory:' || file === '') return { tail: Promise.resolve() };
  const key = path.resolve(file);
  let turns = turnsByFile.get(key);
  if (!turns) {
    turns = { tail: Promise.resolve() };
    turnsByFile.set(key, turns);
  }
  return turns;
}

/**
 * better-sqlite3 behind the async SqlClient. Its calls are synchronous, but a transaction's `fn`
 * awaits between statements; so every use of the file in this process waits its turn in one queue,
 * and a statement issued by other code never lands inside someone else's transaction. Other
 * processes are kept out by SQLite's own write lock (BEGIN IMMEDIATE, busy_timeout).
 */
export class SqliteClient implements SqlClient {
  readonly dialect = sqliteDialect;
  private readonly db: Database.Database;
  private readonly statements = new Map<string, Database.Statement>();
  private readonly turns: Turns;
  private readonly direct: SqlExecutor;

  constructor(file: string, busyTimeoutMs = 5000) {
    this.db = new Database(file);
    this.turns = turnsFor(file);
    // WAL lets a second process (another replica on the same disk, or the CLI) read while we write.
    this.db.pragma('journal_mode = WAL');
    // better-sqlite3 builds default WAL files to NORMAL, which may lose the last commits on power loss;
    // an acknowledged claim or event must survive that too.
    this.db.pragma('synchronous = FULL');
    this.db.pragma(`busy_timeout = ${Math.trunc(busyTimeoutMs)}`);
    this.direct = {
      dialect: sqliteDialect,
      query: async <Row>(sql: string, params: readonly SqlValue[] = []) => this.prepare(sql).all(...params) as Row[],
      run: async (sql: string, params: readonly SqlValue[] = []) => this.prepare(sql).run(...params).changes,
    };
  }

  query<Row>(sql: string, params?: readonly SqlValue[]): Promise<Row[]> {
    return this.inTurn(() => this.direct.query<Row>(sql, params));
  }

  run(sql: string, params?: readonly SqlValue[]): Promise<number> {
    return this.inTurn(() => this.direct.run(sql, params));
  }

  transaction<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    // IMMEDIATE takes the write lock at BEGIN: two processes never both read and then both try to write.
    return this.inTurn(() => this.within('BEGIN IMMEDIATE', fn));
  }

  exclusively<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    return this.inTurn(() => this.within('BEGIN EXCLUSIVE', fn));
  }

  async close(): Promise<void> {
    await this.inTurn(async () => this.db.close());
  }

  private prepare(sql: string): Database.Statement {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }

  private async within<T>(begin: string, fn: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    this.db.exec(begin);
    try {
      const result = await fn(this.direct);
      this.db.exec('COMMIT');
      return result;
    } catch (e) {
      if (this.db.inTransaction) this.db.exec('ROLLBACK');
      throw e;
    }
  }

  private inTurn<T>(fn: () => Promise<T>): Promise<T> {
    const turn = this.turns.tail.then(fn);
    this.turns.tail = turn.catch(() => undefined);
    return turn;
  }
}
