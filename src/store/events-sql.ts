import type { z } from 'zod';
import { eventDetailSchemas, isEventKind } from './event-kinds';
import type { SqlExecutor, SqlValue } from './sql-client';
import { StoreError } from './store-error';
import type { AppendResult, NewEvent, StoredEvent, TimelinePage, TimelineQuery } from './store';

interface EventRow {
  id: number;
  at_ms: number;
  actor_kind: string;
  actor_id: string;
  cluster: string | null;
  incident: string | null;
  channel: string | null;
  kind: string;
  details: string;
  summary: string;
  idempotency_key: string;
}

const columns = 'id, at_ms, actor_kind, actor_id, cluster, incident, channel, kind, details, summary, idempotency_key';

function checkedDetails(kind: string, details: unknown, code: 'invalid-event' | 'invalid-row'): unknown {
  if (!isEventKind(kind)) throw new StoreError(code, `unknown event kind "${kind}"`);
  const parsed = (eventDetailSchemas[kind] as z.ZodType).safeParse(details);
  if (!parsed.success) throw new StoreError(code, `details of a ${kind} event: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return parsed.data;
}

function eventFromRow(row: EventRow): StoredEvent {
  if (row.actor_kind !== 'user' && row.actor_kind !== 'bot') throw new StoreError('invalid-row', `event ${row.id} has actor kind "${row.actor_kind}"`);
  let raw: unknown;
  try {
    raw = JSON.parse(row.details);
  } catch {
    throw new StoreError('invalid-row', `event ${row.id} has details that are not JSON`);
  }
  // The kind and its details were checked together, so this pairing is the one the union allows.
  return {
    id: row.id,
    at: new Date(row.at_ms),
    actor: { kind: row.actor_kind, id: row.actor_id },
    cluster: row.cluster,
    incident: row.incident,
    channel: row.channel,
    kind: row.kind,
    details: checkedDetails(row.kind, raw, 'invalid-row'),
    summary: row.summary,
    idempotencyKey: row.idempotency_key,
  } as StoredEvent;
}

export async function appendEvent(exec: SqlExecutor, event: NewEvent): Promise<AppendResult> {
  const details = checkedDetails(event.kind, event.details, 'invalid-event');
  const inserted = await exec.query<{ id: number }>(
    `INSERT INTO events (at_ms, actor_kind, actor_id, cluster, incident, channel, kind, details, summary, idempotency_key)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (idempotency_key) DO NOTHING RETURNING id`,
    [event.at.getTime(), event.actor.kind, event.actor.id, event.cluster, event.incident, event.channel, event.kind, JSON.stringify(details), event.summary, event.idempotencyKey],
  );
  if (inserted[0]) return { id: inserted[0].id, appended: true };
  const [existing] = await exec.query<{ id: number }>('SELECT id FROM events WHERE idempotency_key = ?', [event.idempotencyKey]);
  if (!existing) throw new StoreError('invalid-row', `event ${event.idempotencyKey} was neither inserted nor found`);
  return { id: existing.id, appended: false };
}

/** Newest first by id (the order of appends), one page at a time. */
export async function listTimeline(exec: SqlExecutor, query: TimelineQuery): Promise<TimelinePage> {
  const where: string[] = [];
  const params: SqlValue[] = [];
  const filter = (column: string, value: string | number | undefined, op = '=') => {
    if (value === undefined) return;
    where.push(`${column} ${op} ?`);
    params.push(value);
  };
  filter('channel', query.channel);
  filter('cluster', query.cluster);
  filter('incident', query.incident);
  filter('id', query.before, '<');
  const limit = Math.max(1, Math.trunc(query.limit));
  // One row past the page tells whether an older page exists.
  const rows = await exec.query<EventRow>(
    `SELECT ${columns} FROM events ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT ?`,
    [...params, limit + 1],
  );
  const page = rows.slice(0, limit).map(eventFromRow);
  return { events: page, nextBefore: rows.length > limit ? (page[page.length - 1]?.id ?? null) : null };
}

/** Oldest first, after `afterId`: the outbox reads the log in the order it was written. */
export async function listEventsAfter(exec: SqlExecutor, afterId: number, limit: number): Promise<StoredEvent[]> {
  const rows = await exec.query<EventRow>(`SELECT ${columns} FROM events WHERE id > ? ORDER BY id LIMIT ?`, [afterId, Math.max(1, Math.trunc(limit))]);
  return rows.map(eventFromRow);
}
