import type { Dialect } from './dialect';
import type { SqlClient } from './sql-client';
import { StoreError } from './store-error';

export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly statements: (d: Dialect) => readonly string[];
}

/**
 * Every schema change, in order; a database records the last one applied in `schema_version`.
 * Append only: a released migration is never edited. Version 1 is the schema the store had before
 * migrations existed, written with IF NOT EXISTS, so a file from that time (which has its tables but no
 * `schema_version`) passes through it unchanged and continues at version 2 with its rows.
 */
export const migrations: readonly Migration[] = [
  {
    version: 1,
    name: 'button claims and a per-channel timeline',
    statements: (d) => [
      `CREATE TABLE IF NOT EXISTS action_claims (
         claim_key TEXT PRIMARY KEY,
         claimed_by TEXT NOT NULL,
         claimed_at BIGINT NOT NULL,
         expires_at BIGINT NOT NULL,
         finished_at BIGINT,
         summary TEXT
       )`,
      `CREATE TABLE IF NOT EXISTS timeline (
         id ${d.autoIdColumn},
         channel TEXT NOT NULL,
         at_ms BIGINT NOT NULL,
         actor TEXT NOT NULL,
         kind TEXT NOT NULL,
         summary TEXT NOT NULL
       )`,
      'CREATE INDEX IF NOT EXISTS timeline_by_channel ON timeline (channel, at_ms)',
    ],
  },
  {
    version: 2,
    name: 'typed event log, claim leases, leases with fencing tokens, step journal',
    statements: (d) => [
      // A claim is held by one bot process (holder) that renews its lease while the action runs.
      'ALTER TABLE action_claims ADD COLUMN holder TEXT',
      'ALTER TABLE action_claims ADD COLUMN lease_until BIGINT',
      // Claims from before leases have no living holder to renew them: they can be taken over at once.
      "UPDATE action_claims SET holder = 'unknown (before v2)', lease_until = claimed_at",
      'CREATE INDEX action_claims_by_expiry ON action_claims (expires_at)',
      `CREATE TABLE events (
         id ${d.autoIdColumn},
         at_ms BIGINT NOT NULL,
         actor_kind TEXT NOT NULL,
         actor_id TEXT NOT NULL,
         cluster TEXT,
         incident TEXT,
         channel TEXT,
         kind TEXT NOT NULL,
         details TEXT NOT NULL,
         summary TEXT NOT NULL,
         idempotency_key TEXT NOT NULL UNIQUE
       )`,
      'CREATE INDEX events_by_channel ON events (channel, id)',
      'CREATE INDEX events_by_cluster ON events (cluster, id)',
      'CREATE INDEX events_by_incident ON events (incident, id)',
      // The v1 timeline was prose only: its rows become notes that keep their time, actor and text.
      `INSERT INTO events (at_ms, actor_kind, actor_id, channel, kind, details, summary, idempotency_key)
         SELECT at_ms, 'user', actor, channel, 'note',
                CASE kind WHEN 'command' THEN '{"source":"timeline-v1","legacyKind":"command"}'
                          WHEN 'action' THEN '{"source":"timeline-v1","legacyKind":"action"}'
                          ELSE '{"source":"timeline-v1","legacyKind":"other"}' END,
                summary, 'timeline-v1:' || id
         FROM timeline ORDER BY id`,
      'DROP TABLE timeline',
      // Lease rows are never deleted: the token of a lease must only ever grow.
      `CREATE TABLE leases (
         name TEXT PRIMARY KEY,
         holder TEXT,
         token BIGINT NOT NULL,
         acquired_at BIGINT NOT NULL,
         expires_at BIGINT NOT NULL
       )`,
      `CREATE TABLE steps (
         step_id TEXT PRIMARY KEY,
         cluster TEXT NOT NULL,
         node TEXT NOT NULL,
         action TEXT NOT NULL,
         argv TEXT NOT NULL,
         actor TEXT NOT NULL,
         runbook_id TEXT,
         state TEXT NOT NULL,
         planned_at BIGINT NOT NULL,
         started_at BIGINT,
         finished_at BIGINT,
         outcome TEXT,
         fence_lease TEXT,
         fence_token BIGINT
       )`,
      'CREATE INDEX steps_by_state ON steps (state, cluster)',
    ],
  },
  {
    version: 3,
    name: 'watch mode: its on/off switch and the last snapshots per cluster',
    statements: () => [
      `CREATE TABLE watch_switch (
         name TEXT PRIMARY KEY,
         enabled INTEGER NOT NULL,
         changed_by TEXT NOT NULL,
         changed_at BIGINT NOT NULL
       )`,
      `CREATE TABLE watch_snapshots (
         cluster TEXT NOT NULL,
         seq BIGINT NOT NULL,
         taken_at BIGINT NOT NULL,
         body TEXT NOT NULL,
         fence_token BIGINT NOT NULL,
         PRIMARY KEY (cluster, seq)
       )`,
    ],
  },
  {
    version: 4,
    name: 'incidents, timeline posts and the outbox cursor',
    statements: () => [
      `CREATE TABLE incidents (
         id TEXT PRIMARY KEY,
         channel TEXT NOT NULL,
         title TEXT NOT NULL,
         opened_by TEXT NOT NULL,
         opened_at BIGINT NOT NULL,
         closed_at BIGINT,
         root_ts TEXT
       )`,
      // At most one open incident per channel, enforced by the database across replicas.
      'CREATE UNIQUE INDEX incidents_open_per_channel ON incidents (channel) WHERE closed_at IS NULL',
      // One Slack message per event or coalesced group: a takeover finds it and edits instead of reposting.
      `CREATE TABLE timeline_posts (
         post_key TEXT PRIMARY KEY,
         coalesce_key TEXT NOT NULL,
         channel TEXT NOT NULL,
         ts TEXT NOT NULL,
         thread_ts TEXT,
         first_event_id BIGINT NOT NULL,
         last_event_id BIGINT NOT NULL,
         event_count BIGINT NOT NULL,
         first_at BIGINT NOT NULL,
         last_at BIGINT NOT NULL
       )`,
      'CREATE INDEX timeline_posts_by_coalesce_key ON timeline_posts (coalesce_key, last_at)',
      'CREATE TABLE outbox_cursor (name TEXT PRIMARY KEY, last_event_id BIGINT NOT NULL)',
    ],
  },
  {
    version: 5,
    name: 'timeline posts being sent: what a replica that dies mid-post leaves for the next to reconcile',
    statements: () => [
      // A row is written before chat.postMessage and removed with the post's ts in one transaction:
      // one left behind names a post Slack may have taken whose ts nobody stored.
      `CREATE TABLE timeline_sends (
         post_key TEXT PRIMARY KEY,
         attempt_id TEXT NOT NULL,
         coalesce_key TEXT NOT NULL,
         channel TEXT NOT NULL,
         thread_ts TEXT,
         first_event_id BIGINT NOT NULL,
         last_event_id BIGINT NOT NULL,
         event_count BIGINT NOT NULL,
         first_at BIGINT NOT NULL,
         last_at BIGINT NOT NULL,
         root_of TEXT,
         started_at BIGINT NOT NULL
       )`,
    ],
  },
  {
    version: 6,
    name: 'watch mode: where each node\'s log was last read, and the signatures already reported',
    statements: () => [
      // The inode is text: a 64-bit inode number does not fit a JS number exactly.
      `CREATE TABLE watch_log_cursors (
         cluster TEXT NOT NULL,
         node TEXT NOT NULL,
         inode TEXT NOT NULL,
         size BIGINT NOT NULL,
         read_offset BIGINT NOT NULL,
         seen TEXT NOT NULL,
         fence_token BIGINT NOT NULL,
         updated_at BIGINT NOT NULL,
         PRIMARY KEY (cluster, node)
       )`,
    ],
  },
  {
    version: 7,
    name: 'samples watch mode takes for charts: rates, queue depth, connections, host vitals',
    statements: () => [
      // DOUBLE PRECISION is REAL to SQLite and float8 to PostgreSQL: one statement for both.
      `CREATE TABLE samples (
         cluster TEXT NOT NULL,
         series TEXT NOT NULL,
         at BIGINT NOT NULL,
         value DOUBLE PRECISION NOT NULL,
         PRIMARY KEY (cluster, series, at)
       )`,
      'CREATE INDEX samples_by_age ON samples (cluster, at)',
    ],
  },
];

export const latestSchemaVersion = migrations.reduce((max, m) => Math.max(max, m.version), 0);

/**
 * Brings the schema to the latest version, holding the backend's exclusive lock so that replicas
 * starting together migrate once. Refuses a database written by a newer bot.
 */
export async function migrate(client: SqlClient, now: () => Date): Promise<{ from: number; to: number }> {
  return client.exclusively(async (tx) => {
    await tx.run('CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)');
    const [row] = await tx.query<{ version: number | null }>('SELECT MAX(version) AS version FROM schema_version');
    const from = row?.version ?? 0;
    if (from > latestSchemaVersion) {
      throw new StoreError('schema-too-new', `the store's schema is version ${from}, newer than this bot knows (${latestSchemaVersion}): upgrade the bot, or point it at another store`);
    }
    for (const migration of migrations) {
      if (migration.version <= from) continue;
      for (const statement of migration.statements(tx.dialect)) await tx.run(statement);
      await tx.run('INSERT INTO schema_version (version, name, applied_at) VALUES (?, ?, ?)', [migration.version, migration.name, now().getTime()]);
    }
    return { from, to: latestSchemaVersion };
  });
}
