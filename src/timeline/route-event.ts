import type { EventKind } from '../store/event-kinds';
import type { StoredEvent } from '../store/store';

/** Kinds that are about the bot's own machinery, never posted. */
const internalKinds: ReadonlySet<EventKind> = new Set(['lease-acquired', 'lease-released']);

/** Kinds shown in the channel as well as in the incident's thread. */
const channelKinds: ReadonlySet<EventKind> = new Set(['incident-opened', 'incident-closed', 'step-finished']);

/** Kinds that are never counted together, even from the bot. */
const singleKinds: ReadonlySet<EventKind> = new Set(['incident-opened', 'incident-closed']);

/** What people do is each its own post; the bot's alike events in a burst are one post with a count. */
const coalesces = (event: StoredEvent): boolean => event.actor.kind === 'bot' && !singleKinds.has(event.kind);

/** Alike means the same change of the same node too: a node-down and the node-up after it are two posts, never "2 × up". */
const alikeKey = (event: StoredEvent): string =>
  event.kind === 'cluster-change' ? `${event.kind}:${event.details.change}:${event.details.node ?? ''}` : event.kind;

export type PostTarget = 'channel' | 'thread';

export interface Delivery {
  readonly event: StoredEvent;
  readonly incident: string;
  readonly target: PostTarget;
  /** Deliveries with the same key close together in time become one post with a count. */
  readonly coalesceKey: string;
}

/**
 * Where an event goes: nowhere unless it belongs to an incident; the incident-opened event is the
 * thread's root (channel only); important kinds go to the channel too.
 */
export function routeEvent(event: StoredEvent): Delivery[] {
  if (event.incident === null || internalKinds.has(event.kind)) return [];
  const targets: PostTarget[] = event.kind === 'incident-opened' ? ['channel'] : channelKinds.has(event.kind) ? ['thread', 'channel'] : ['thread'];
  return targets.map((target) => ({
    event,
    incident: event.incident as string,
    target,
    coalesceKey: coalesces(event) ? `${target}|${event.incident}|${alikeKey(event)}|${event.cluster ?? ''}` : `${target}|event:${event.id}`,
  }));
}
