import { currentLeaseToken } from './leases-sql';
import type { SqlExecutor } from './sql-client';
import type { SqlScope } from './sql-scope';
import type { LeaseFence } from './step-journal';
import type { Incident, NewIncident, OpenIncidentResult, PendingPost, TimelinePost } from './store';

interface IncidentRow {
  id: string;
  channel: string;
  title: string;
  opened_by: string;
  opened_at: number;
  closed_at: number | null;
  root_ts: string | null;
}

interface PostRow {
  post_key: string;
  coalesce_key: string;
  channel: string;
  ts: string;
  thread_ts: string | null;
  first_event_id: number;
  last_event_id: number;
  event_count: number;
  first_at: number;
  last_at: number;
}

interface SendRow extends Omit<PostRow, 'ts'> {
  attempt_id: string;
  root_of: string | null;
  started_at: number;
}

const incidentFromRow = (row: IncidentRow): Incident => ({
  id: row.id,
  channel: row.channel,
  title: row.title,
  openedBy: row.opened_by,
  openedAt: new Date(row.opened_at),
  closedAt: row.closed_at === null ? null : new Date(row.closed_at),
  rootTs: row.root_ts,
});

/** A post's fields without its ts: a sent post has one, a pending one not yet. */
const postFieldsFromRow = (row: Omit<PostRow, 'ts'>): Omit<TimelinePost, 'ts'> => ({
  postKey: row.post_key,
  coalesceKey: row.coalesce_key,
  channel: row.channel,
  threadTs: row.thread_ts,
  firstEventId: row.first_event_id,
  lastEventId: row.last_event_id,
  count: row.event_count,
  firstAt: new Date(row.first_at),
  lastAt: new Date(row.last_at),
});

const postFromRow = (row: PostRow): TimelinePost => ({ ...postFieldsFromRow(row), ts: row.ts });

const sendFromRow = (row: SendRow): PendingPost => ({
  ...postFieldsFromRow(row),
  attemptId: row.attempt_id,
  rootOf: row.root_of,
  startedAt: new Date(row.started_at),
});

const incidentColumns = 'id, channel, title, opened_by, opened_at, closed_at, root_ts';
const postColumns = 'post_key, coalesce_key, channel, ts, thread_ts, first_event_id, last_event_id, event_count, first_at, last_at';

export async function openIncidentIn(exec: SqlExecutor, channel: string): Promise<Incident | null> {
  const [row] = await exec.query<IncidentRow>(`SELECT ${incidentColumns} FROM incidents WHERE channel = ? AND closed_at IS NULL`, [channel]);
  return row ? incidentFromRow(row) : null;
}

export async function getIncident(exec: SqlExecutor, id: string): Promise<Incident | null> {
  const [row] = await exec.query<IncidentRow>(`SELECT ${incidentColumns} FROM incidents WHERE id = ?`, [id]);
  return row ? incidentFromRow(row) : null;
}

/** The partial unique index keeps one open incident per channel: a second opener gets the first one back. */
export async function openIncident(exec: SqlExecutor, incident: NewIncident): Promise<OpenIncidentResult> {
  const inserted = await exec.run(
    'INSERT INTO incidents (id, channel, title, opened_by, opened_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING',
    [incident.id, incident.channel, incident.title, incident.openedBy, incident.openedAt.getTime()],
  );
  const open = await openIncidentIn(exec, incident.channel);
  if (!open) throw new Error(`incident ${incident.id} was neither opened nor found open in ${incident.channel}`);
  return { incident: open, opened: inserted === 1 };
}

export async function closeIncident(exec: SqlExecutor, id: string, at: Date): Promise<Incident | null> {
  await exec.run('UPDATE incidents SET closed_at = ? WHERE id = ? AND closed_at IS NULL', [at.getTime(), id]);
  return getIncident(exec, id);
}

export async function setIncidentRoot(exec: SqlExecutor, id: string, rootTs: string): Promise<void> {
  await exec.run('UPDATE incidents SET root_ts = ? WHERE id = ? AND root_ts IS NULL', [rootTs, id]);
}

export async function listIncidents(exec: SqlExecutor, channel?: string): Promise<Incident[]> {
  const rows = channel
    ? await exec.query<IncidentRow>(`SELECT ${incidentColumns} FROM incidents WHERE channel = ? ORDER BY opened_at DESC`, [channel])
    : await exec.query<IncidentRow>(`SELECT ${incidentColumns} FROM incidents ORDER BY opened_at DESC`);
  return rows.map(incidentFromRow);
}

export async function getPost(exec: SqlExecutor, postKey: string): Promise<TimelinePost | null> {
  const [row] = await exec.query<PostRow>(`SELECT ${postColumns} FROM timeline_posts WHERE post_key = ?`, [postKey]);
  return row ? postFromRow(row) : null;
}

/** The newest post of a coalescing group whose last event is at or after `since`: the one a burst extends. */
export async function latestPost(exec: SqlExecutor, coalesceKey: string, since: Date): Promise<TimelinePost | null> {
  const [row] = await exec.query<PostRow>(`SELECT ${postColumns} FROM timeline_posts WHERE coalesce_key = ? AND last_at >= ? ORDER BY last_at DESC LIMIT 1`, [
    coalesceKey,
    since.getTime(),
  ]);
  return row ? postFromRow(row) : null;
}

async function fenced(exec: SqlExecutor, fence: LeaseFence): Promise<boolean> {
  return (await currentLeaseToken(exec, fence.lease)) === fence.token;
}

/** Records (or extends) a post; refused when the writer's lease was taken over since. */
export function savePost(scope: SqlScope, post: TimelinePost, fence: LeaseFence): Promise<boolean> {
  return scope.atomically(async (exec) => {
    if (!(await fenced(exec, fence))) return false;
    await exec.run(
      `INSERT INTO timeline_posts (${postColumns}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (post_key) DO UPDATE SET last_event_id = excluded.last_event_id, event_count = excluded.event_count, last_at = excluded.last_at`,
      [post.postKey, post.coalesceKey, post.channel, post.ts, post.threadTs, post.firstEventId, post.lastEventId, post.count, post.firstAt.getTime(), post.lastAt.getTime()],
    );
    await exec.run('DELETE FROM timeline_sends WHERE post_key = ?', [post.postKey]);
    return true;
  });
}

const sendColumns = 'post_key, attempt_id, coalesce_key, channel, thread_ts, first_event_id, last_event_id, event_count, first_at, last_at, root_of, started_at';

export function markSending(scope: SqlScope, post: PendingPost, fence: LeaseFence): Promise<boolean> {
  return scope.atomically(async (exec) => {
    if (!(await fenced(exec, fence))) return false;
    await exec.run(
      `INSERT INTO timeline_sends (${sendColumns}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (post_key) DO UPDATE SET attempt_id = excluded.attempt_id, last_event_id = excluded.last_event_id, event_count = excluded.event_count,
         last_at = excluded.last_at, started_at = excluded.started_at`,
      [
        post.postKey,
        post.attemptId,
        post.coalesceKey,
        post.channel,
        post.threadTs,
        post.firstEventId,
        post.lastEventId,
        post.count,
        post.firstAt.getTime(),
        post.lastAt.getTime(),
        post.rootOf,
        post.startedAt.getTime(),
      ],
    );
    return true;
  });
}

export async function listSending(exec: SqlExecutor): Promise<PendingPost[]> {
  return (await exec.query<SendRow>(`SELECT ${sendColumns} FROM timeline_sends ORDER BY started_at, post_key`)).map(sendFromRow);
}

export function dropSending(scope: SqlScope, postKey: string, fence: LeaseFence): Promise<boolean> {
  return scope.atomically(async (exec) => {
    if (!(await fenced(exec, fence))) return false;
    await exec.run('DELETE FROM timeline_sends WHERE post_key = ?', [postKey]);
    return true;
  });
}

export async function outboxCursor(exec: SqlExecutor, name: string): Promise<number> {
  const [row] = await exec.query<{ last_event_id: number }>('SELECT last_event_id FROM outbox_cursor WHERE name = ?', [name]);
  return row?.last_event_id ?? 0;
}

/** Moves the cursor forward only, under the lease that the writer holds. */
export function advanceOutbox(scope: SqlScope, name: string, lastEventId: number, fence: LeaseFence): Promise<boolean> {
  return scope.atomically(async (exec) => {
    if (!(await fenced(exec, fence))) return false;
    await exec.run(
      `INSERT INTO outbox_cursor (name, last_event_id) VALUES (?, ?)
       ON CONFLICT (name) DO UPDATE SET last_event_id = excluded.last_event_id WHERE outbox_cursor.last_event_id < excluded.last_event_id`,
      [name, lastEventId],
    );
    return true;
  });
}
