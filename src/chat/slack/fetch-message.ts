import type { webApi } from '@slack/bolt';
import { z } from 'zod';
import { chatMessage, type ChatMessage } from './payloads';

const messagesAnswer = z.object({ messages: z.array(chatMessage).default([]) });

/**
 * One message by its ts, for events that name a message without its text (`reaction_added`): the
 * channel's history ending at that ts, inclusive, one message. A reply in a thread is not in the
 * channel's history; conversations.replies finds it by its own ts. Null when it is gone (deleted).
 */
export async function fetchMessage(client: webApi.WebClient, channel: string, ts: string): Promise<ChatMessage | null> {
  const history = messagesAnswer.parse(await client.conversations.history({ channel, latest: ts, inclusive: true, limit: 1 }));
  const top = history.messages.find((m) => m.ts === ts);
  if (top) return top;
  // Bounded to that ts on both sides; Slack may put the thread's parent first, so two, not one.
  const replies = messagesAnswer.parse(await client.conversations.replies({ channel, ts, oldest: ts, latest: ts, inclusive: true, limit: 2 }));
  return replies.messages.find((m) => m.ts === ts) ?? null;
}
