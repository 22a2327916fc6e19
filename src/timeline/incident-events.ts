import type { Incident, Store, StoredEvent, TimelineQuery } from '../store/store';

const pageSize = 500;

/** Commands that record their own event (the note, the incident opened or closed): their command-run line would say it twice. */
const selfRecording = /^(\/rmq\s+)?(note|incident)\b/;
const repeatsItself = (e: StoredEvent): boolean => e.kind === 'command-run' && selfRecording.test(e.details.text);

/** Every event of a query, newest first, until `stop` says an event is too old (pages stop there). */
export async function readTimeline(store: Store, query: Omit<TimelineQuery, 'limit' | 'before'>, stop: (e: StoredEvent) => boolean = () => false): Promise<StoredEvent[]> {
  const out: StoredEvent[] = [];
  let before: number | undefined;
  for (;;) {
    const page = await store.listTimeline({ ...query, limit: pageSize, ...(before === undefined ? {} : { before }) });
    for (const event of page.events) {
      if (stop(event)) return out;
      out.push(event);
    }
    if (page.nextBefore === null) return out;
    before = page.nextBefore;
  }
}

/**
 * An incident's events, oldest first: those recorded for it, and everything said or run in its
 * channel while it was open (commands are recorded by channel, before anyone knows the incident).
 */
export async function incidentEvents(store: Store, incident: Incident): Promise<StoredEvent[]> {
  const end = incident.closedAt?.getTime() ?? Number.POSITIVE_INFINITY;
  const own = await readTimeline(store, { incident: incident.id });
  const inChannel = await readTimeline(store, { channel: incident.channel }, (e) => e.at.getTime() < incident.openedAt.getTime() && e.incident !== incident.id);
  const byId = new Map<number, StoredEvent>();
  for (const e of [...own, ...inChannel.filter((e) => e.at.getTime() <= end && (e.incident === null || e.incident === incident.id))]) byId.set(e.id, e);
  return [...byId.values()].filter((e) => e.kind !== 'lease-acquired' && e.kind !== 'lease-released' && !repeatsItself(e)).sort((a, b) => a.at.getTime() - b.at.getTime() || a.id - b.id);
}
