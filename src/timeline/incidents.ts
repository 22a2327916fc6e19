import { randomUUID } from 'node:crypto';
import type { EventActor, Incident, Store } from '../store/store';

export interface OpenIncidentRequest {
  readonly channel: string;
  readonly title: string;
  /** A person (`/rmq incident start`) or the bot (watch mode on a critical change). */
  readonly actor: EventActor;
  readonly at: Date;
  readonly cluster?: string;
}

export interface OpenedIncident {
  readonly incident: Incident;
  /** False when the channel already had an open incident, which is returned instead. */
  readonly opened: boolean;
}

/**
 * Opens an incident in a channel and records it in the event log in one transaction; the outbox
 * posts that event as the incident's root message. Safe to call from several replicas at once: one
 * opens it, the others get the open one back.
 */
export async function openIncident(store: Store, request: OpenIncidentRequest): Promise<OpenedIncident> {
  const id = `inc-${request.at.toISOString().slice(0, 10).replace(/-/g, '')}-${randomUUID().slice(0, 6)}`;
  return store.transaction(async (tx) => {
    const { incident, opened } = await tx.openIncident({ id, channel: request.channel, title: request.title, openedBy: request.actor.id, openedAt: request.at });
    if (opened) {
      await tx.appendEvent({
        at: request.at,
        actor: request.actor,
        cluster: request.cluster ?? null,
        incident: incident.id,
        channel: incident.channel,
        kind: 'incident-opened',
        details: { incidentId: incident.id, title: incident.title },
        summary: `:rotating_light: Incident opened: ${incident.title} (${incident.id})`,
        idempotencyKey: `incident:${incident.id}:opened`,
      });
    }
    return { incident, opened };
  });
}

/** Closes the channel's open incident; null when there is none. */
export async function closeIncident(store: Store, channel: string, actor: EventActor, at: Date): Promise<Incident | null> {
  return store.transaction(async (tx) => {
    const open = await tx.openIncidentIn(channel);
    if (!open) return null;
    const closed = await tx.closeIncident(open.id, at);
    await tx.appendEvent({
      at,
      actor,
      cluster: null,
      incident: open.id,
      channel,
      kind: 'incident-closed',
      details: { incidentId: open.id, title: open.title, openedAt: open.openedAt.getTime() },
      summary: `:white_check_mark: Incident closed: ${open.title} (${open.id})`,
      idempotencyKey: `incident:${open.id}:closed`,
    });
    return closed;
  });
}
