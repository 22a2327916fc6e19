import type { webApi } from '@slack/bolt';
import { z } from 'zod';
import { messageTs } from './payloads';

/** Slack message metadata: a typed event the bot attaches to a message, returned with include_all_metadata. */
export interface MessageMetadata {
  readonly event_type: string;
  readonly event_payload: Readonly<Record<string, string>>;
}

export interface PostPlace {
  readonly channel: string;
  /** The thread the post went to; null for a top-level message. */
  readonly threadTs: string | null;
  /** Only messages at or after this ts are read. */
  readonly oldest: string;
}

const page = z.object({
  messages: z.array(z.object({ ts: messageTs, metadata: z.object({ event_type: z.string(), event_payload: z.record(z.string(), z.unknown()).optional() }).optional() })).default([]),
  response_metadata: z.object({ next_cursor: z.string().optional() }).optional(),
});

/** Enough pages for the messages of the minutes between a crash and a takeover. */
const maxPages = 10;
const pageSize = 200;

/**
 * The ts of the message in `place` whose metadata has `eventType` and the payload value `key`
 * (e.g. a timeline post's key), or null: reads the thread (conversations.replies) or the channel
 * (conversations.history) from `oldest` on, with include_all_metadata.
 */
export async function findMarkedPost(client: webApi.WebClient, place: PostPlace, eventType: string, key: readonly [string, string]): Promise<string | null> {
  let cursor: string | undefined;
  for (let n = 0; n < maxPages; n++) {
    const common = { channel: place.channel, oldest: place.oldest, inclusive: true, include_all_metadata: true, limit: pageSize, ...(cursor ? { cursor } : {}) };
    const answer = page.parse(place.threadTs === null ? await client.conversations.history(common) : await client.conversations.replies({ ...common, ts: place.threadTs }));
    const found = answer.messages.find((m) => m.metadata?.event_type === eventType && m.metadata.event_payload?.[key[0]] === key[1]);
    if (found) return found.ts;
    cursor = answer.response_metadata?.next_cursor;
    if (!cursor) return null;
  }
  return null;
}
