import { randomUUID } from 'node:crypto';
import type { EventDetails } from '../store/event-kinds';
import type { AppendResult, EventActor, NewEvent, Store, StoredEvent } from '../store/store';
import { foldRunbook, type RunbookState } from './runbook-state';

const PAGE = 500;
const ID = /^RB-([1-9][0-9]{0,8})$/;

export const parseRunbookId = (word: string): string | null => (ID.test(word.toUpperCase()) ? word.toUpperCase() : null);

async function* newestFirst(store: Store): AsyncGenerator<StoredEvent> {
  let before: number | undefined;
  for (;;) {
    const page = await store.listTimeline({ limit: PAGE, ...(before === undefined ? {} : { before }) });
    yield* page.events;
    if (page.nextBefore === null) return;
    before = page.nextBefore;
  }
}

/** The highest runbook number opened so far (0 when none). */
async function lastNumber(store: Store): Promise<number> {
  for await (const event of newestFirst(store)) {
    if (event.kind === 'runbook-opened') return Number(ID.exec(event.details.runbookId)?.[1] ?? 0);
  }
  return 0;
}

type OpenedDetails = Omit<EventDetails<'runbook-opened'>, 'runbookId'>;

/**
 * Opens a runbook under the next free short id. The id is the opened event's idempotency key, so
 * two replicas opening at once get different ids: the loser's append is a no-op and it takes the next.
 */
export async function openRunbook(store: Store, cluster: string, details: OpenedDetails, at: Date, channel: string): Promise<string> {
  let n = (await lastNumber(store)) + 1;
  for (;;) {
    const runbookId = `RB-${n}`;
    const appended = await store.appendEvent({
      kind: 'runbook-opened',
      at,
      actor: { kind: 'user', id: details.requester },
      cluster,
      incident: null,
      channel,
      summary: `${runbookId} opened: ${details.runbook} ${details.node} by ${details.requester}`,
      idempotencyKey: `runbook:${runbookId}`,
      details: { runbookId, ...details },
    });
    if (appended.appended) return runbookId;
    n++;
  }
}

/** A runbook's state rebuilt from the log; null when no such runbook was opened. */
export async function loadRunbook(store: Store, runbookId: string): Promise<RunbookState | null> {
  const events: StoredEvent[] = [];
  for await (const event of newestFirst(store)) {
    if (!event.kind.startsWith('runbook-') || (event.details as { runbookId?: string }).runbookId !== runbookId) continue;
    events.push(event);
    if (event.kind === 'runbook-opened') break;
  }
  return foldRunbook(runbookId, events.reverse());
}

type RunbookEventKind = Exclude<Extract<NewEvent['kind'], `runbook-${string}`>, 'runbook-opened'>;

/** Appends one runbook event; `key` makes a retried append (a resumed step, a second click) record once. */
export function recordRunbookEvent<K extends RunbookEventKind>(
  store: Store,
  state: Pick<RunbookState, 'cluster'>,
  event: { readonly kind: K; readonly details: EventDetails<K>; readonly summary: string; readonly actor: EventActor; readonly channel: string; readonly at: Date; readonly key?: string },
): Promise<AppendResult> {
  return store.appendEvent({
    kind: event.kind,
    details: event.details,
    summary: event.summary,
    actor: event.actor,
    channel: event.channel,
    at: event.at,
    cluster: state.cluster,
    incident: null,
    idempotencyKey: event.key ?? `${event.kind}:${randomUUID()}`,
  } as NewEvent);
}
