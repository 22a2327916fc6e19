import type { Reply } from '../../reply/model';
import { cleanPlainText, withMark } from './mrkdwn';
import { renderBlocks, type LongTextPolicy } from './render-blocks';
import { blockTextLength, type SlackBlock, type SlackFile, type SlackMessage } from './slack-blocks';
import { slackLimits } from './slack-limits';

/**
 * A reply as Slack messages: the first one is the message people see (and the one updated in place
 * while nodes answer); the others continue it in its thread, each saying which part it is.
 */
export interface RenderedReply {
  readonly messages: readonly SlackMessage[];
  readonly files: readonly SlackFile[];
}

/** Room kept in every message for the "part n of m" and "continued" notes added after packing. */
const noteRoom = { blocks: 2, chars: 400 };

function pack(blocks: readonly SlackBlock[]): SlackBlock[][] {
  const maxBlocks = slackLimits.blocksPerMessage - noteRoom.blocks;
  const maxChars = slackLimits.blockTextPerMessage - noteRoom.chars;
  const messages: SlackBlock[][] = [];
  let current: SlackBlock[] = [];
  let chars = 0;
  for (const block of blocks) {
    const size = blockTextLength(block);
    if (current.length > 0 && (current.length + 1 > maxBlocks || chars + size > maxChars)) {
      messages.push(current);
      current = [];
      chars = 0;
    }
    current.push(block);
    chars += size;
  }
  if (current.length > 0 || messages.length === 0) messages.push(current);
  return messages;
}

function fallbackText(reply: Reply, part: number, parts: number): string {
  const base = withMark(cleanPlainText(reply.summary), reply.mark);
  const suffix = parts > 1 ? ` (part ${part} of ${parts})` : '';
  // The summary is one line by contract; a runaway one still ends visibly rather than being rejected.
  const room = 3000 - suffix.length;
  return `${base.length > room ? `${base.slice(0, room - 1)}…` : base}${suffix}`;
}

const context = (text: string): SlackBlock => ({ type: 'context', elements: [{ type: 'mrkdwn', text }] });

function render(reply: Reply, policy: LongTextPolicy, continuationNote: (more: number) => string): RenderedReply {
  const { blocks, files } = renderBlocks(reply.blocks, policy);
  // Slack shows a message without blocks as blank: a reply with none (a bare progress note) shows its summary.
  const packed = pack(blocks.length > 0 ? blocks : renderBlocks([{ kind: 'text', text: reply.summary, ...(reply.mark ? { mark: reply.mark } : {}) }], policy).blocks);
  const parts = packed.length;
  const messages = packed.map((body, i): SlackMessage => {
    const head = i > 0 ? [context(`Part ${i + 1} of ${parts}, continued.`)] : [];
    const tail = i === 0 && parts > 1 ? [context(continuationNote(parts - 1))] : [];
    return { text: fallbackText(reply, i + 1, parts), blocks: [...head, ...body, ...tail] };
  });
  return { messages, files };
}

/** A completed reply: long text goes to files, extra parts to the thread. */
export function renderFinalReply(reply: Reply): RenderedReply {
  return render(reply, 'attach', (more) => `Continued in ${more} more message${more === 1 ? '' : 's'} in the thread.`);
}

/** A reply shown only to one person: no files possible, so everything is split into messages. */
export function renderEphemeralReply(reply: Reply): RenderedReply {
  return render(reply, 'split', (more) => `Continued in ${more} more message${more === 1 ? '' : 's'} below.`);
}

/** A partial reply while nodes answer: only the first message is shown, and it says what is still to come. */
export function renderProgressMessage(reply: Reply): SlackMessage {
  const rendered = render(reply, 'preview', (more) => `${more} more part${more === 1 ? '' : 's'} will follow in the thread when every node has answered.`);
  const [first] = rendered.messages;
  if (!first) throw new Error('render always yields a first message');
  return first;
}
