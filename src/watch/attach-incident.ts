import type { WatchConfig } from '../config/schema';
import type { NewEvent, Store } from '../store/store';
import { openIncident } from '../timeline/incidents';

/** Where watch events of each cluster go, and which of them open an incident: `watch.channels` and `watch.openIncidentOn`. */
export type IncidentRouting = Pick<WatchConfig, 'channels' | 'openIncidentOn'>;

/** A critical change opens an incident; anything else only joins one already open. */
const opensIncident = (event: NewEvent, routing: IncidentRouting): boolean =>
  (event.kind === 'cluster-change' && routing.openIncidentOn.some((change) => change === event.details.change)) ||
  (event.kind === 'log-signature' && routing.openIncidentOn.includes('log-signature'));

/**
 * Puts a watch event into the open incident of its cluster's channel, so the outbox posts it; a
 * critical change with none open opens one first (its root message goes out before the event).
 * Runs inside the poll's transaction, whose snapshot is written under the watch lease's fence: a
 * poll is recorded once across replicas, and so is the incident it opens. Events of clusters
 * without a channel stay in the log only.
 */
export async function attachToIncident(tx: Store, event: NewEvent, routing: IncidentRouting): Promise<NewEvent> {
  const channel = event.cluster === null ? undefined : routing.channels[event.cluster];
  if (channel === undefined) return event;
  const open = await tx.openIncidentIn(channel);
  if (open) return { ...event, incident: open.id, channel };
  if (!opensIncident(event, routing)) return event;
  const { incident } = await openIncident(tx, { channel, title: event.summary, actor: event.actor, at: event.at, ...(event.cluster === null ? {} : { cluster: event.cluster }) });
  return { ...event, incident: incident.id, channel };
}
