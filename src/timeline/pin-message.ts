import type { Store } from '../store/store';

/** A chat message someone copies into the timeline (📌 or the "Add to timeline" shortcut). */
export interface MessageToPin {
  readonly channel: string;
  readonly messageTs: string;
  /** The message's author: a user id, or the bot id of an integration's message. */
  readonly author: string;
  readonly text: string;
  readonly via: 'reaction' | 'shortcut';
  readonly pinnedBy: string;
}

export type PinOutcome =
  | { readonly kind: 'pinned'; readonly incident: string }
  /** The same message was copied before (a second 📌, or the shortcut after a 📌): recorded once. */
  | { readonly kind: 'already-pinned'; readonly incident: string }
  | { readonly kind: 'no-incident' };

/** A Slack ts is the message's time in seconds (with a per-channel sequence after the dot). */
export const slackTsTime = (ts: string): Date => new Date(Math.floor(Number(ts) * 1000));

/**
 * Copies a message into the timeline of its channel's open incident, at the message's own time and
 * with its own author, so the postmortem reads it where it was said. One message is copied once,
 * however many times and ways it is pinned.
 */
export async function pinMessage(store: Store, message: MessageToPin): Promise<PinOutcome> {
  const incident = await store.openIncidentIn(message.channel);
  if (!incident) return { kind: 'no-incident' };
  const { appended } = await store.appendEvent({
    at: slackTsTime(message.messageTs),
    actor: { kind: 'user', id: message.author },
    cluster: null,
    incident: incident.id,
    channel: message.channel,
    kind: 'message-pinned',
    details: { text: message.text, author: message.author, messageTs: message.messageTs, via: message.via, pinnedBy: message.pinnedBy },
    summary: `:pushpin: ${message.text}`,
    idempotencyKey: `pin:${message.channel}:${message.messageTs}`,
  });
  return { kind: appended ? 'pinned' : 'already-pinned', incident: incident.id };
}
