import Database from 'better-sqlite3';
import type { ActionClaim, Store, TimelineEntry } from './store';

/**
 * Embedded default store. Times are stored as integer milliseconds and every statement is plain SQL
 * that PostgreSQL accepts too (INSERT … ON CONFLICT DO NOTHING, no SQLite-only functions).
 */
const schema = [
  `CREATE TABLE IF NOT EXISTS action_claims (
     claim_key TEXT PRIMARY KEY,
     claimed_by TEXT NOT NULL,
     claimed_at BIGINT NOT NULL,
     expires_at BIGINT NOT NULL,
     finished_at BIGINT,
     summary TEXT
   )`,
  `CREATE TABLE IF NOT EXISTS timeline (
     id INTEGER PRIMARY KEY,
     channel TEXT NOT NULL,
     at_ms BIGINT NOT NULL,
     actor TEXT NOT NULL,
     kind TEXT NOT NULL,
     summary TEXT NOT NULL
   )`,
  `CREATE INDEX IF NOT EXISTS timeline_by_channel ON timeline (channel, at_ms)`,
];

interface ClaimRow {
  claimed_by: string;
  claimed_at: number;
  finished_at: number | null;
  summary: string | null;
}

export class SqliteStore implements Store {
  private readonly db: Database.Database;

  constructor(file: string) {
    this.db = new Database(file);
    // WAL lets a second process (another replica on the same disk, or the CLI) read while we write.
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('busy_timeout = 5000');
    for (const statement of schema) this.db.exec(statement);
  }

  async claimAction(key: string, by: string, now: Date, expiresAt: Date): Promise<ActionClaim> {
    if (expiresAt.getTime() > now.getTime()) {
      const inserted = this.db
        .prepare('INSERT INTO action_claims (claim_key, claimed_by, claimed_at, expires_at) VALUES (?, ?, ?, ?) ON CONFLICT (claim_key) DO NOTHING')
        .run(key, by, now.getTime(), expiresAt.getTime());
      if (inserted.changes === 1) return { outcome: 'claimed' };
    }
    const row = this.db.prepare('SELECT claimed_by, claimed_at, finished_at, summary FROM action_claims WHERE claim_key = ?').get(key) as ClaimRow | undefined;
    if (!row) return { outcome: 'expired', expiredAt: expiresAt };
    if (row.finished_at !== null) return { outcome: 'done', by: row.claimed_by, at: new Date(row.finished_at), summary: row.summary ?? '' };
    return { outcome: 'running', by: row.claimed_by, since: new Date(row.claimed_at) };
  }

  async finishAction(key: string, now: Date, summary: string): Promise<void> {
    this.db.prepare('UPDATE action_claims SET finished_at = ?, summary = ? WHERE claim_key = ?').run(now.getTime(), summary, key);
  }

  async releaseAction(key: string): Promise<void> {
    this.db.prepare('DELETE FROM action_claims WHERE claim_key = ?').run(key);
  }

  async appendTimeline(entry: TimelineEntry): Promise<void> {
    this.db
      .prepare('INSERT INTO timeline (channel, at_ms, actor, kind, summary) VALUES (?, ?, ?, ?, ?)')
      .run(entry.channel, entry.at.getTime(), entry.actor, entry.kind, entry.summary);
  }

  async listTimeline(channel: string, limit: number): Promise<readonly TimelineEntry[]> {
    const rows = this.db
      .prepare('SELECT channel, at_ms, actor, kind, summary FROM timeline WHERE channel = ? ORDER BY at_ms, id LIMIT ?')
      .all(channel, limit) as { channel: string; at_ms: number; actor: string; kind: string; summary: string }[];
    return rows.map((r) => ({ channel: r.channel, at: new Date(r.at_ms), actor: r.actor, kind: r.kind, summary: r.summary }));
  }

  async close(): Promise<void> {
    this.db.close();
  }
}
