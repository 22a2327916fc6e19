import { worstMark, type Block, type Reply } from './model';

/** Several clusters' replies as one message, divided, and marked by the worst of them. */
export function joinReplies(replies: readonly Reply[]): Reply {
  if (replies.length === 1 && replies[0]) return replies[0];
  return {
    summary: replies.map((r) => r.summary).join(' | '),
    mark: worstMark(replies.map((r) => r.mark ?? 'unknown')),
    blocks: replies.flatMap((r, i): Block[] => (i === 0 ? [...r.blocks] : [{ kind: 'divider' }, ...r.blocks])),
  };
}
