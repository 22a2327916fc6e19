import type { SlackBlock, SlackMessage } from '../../src/chat/slack/slack-blocks';
import type { RenderedReply } from '../../src/chat/slack/render-reply';

/** Prints Block Kit as plain text for golden files: one line per block, fields indented, buttons spelled out. */
function blockAsText(block: SlackBlock): string {
  switch (block.type) {
    case 'header':
      return `[header] ${block.text.text}`;
    case 'section':
      return 'text' in block ? `[section] ${block.text.text}` : `[fields]\n${block.fields.map((f) => `  | ${f.text.replace(/\n/g, ' / ')}`).join('\n')}`;
    case 'context':
      return `[context] ${block.elements.map((e) => e.text).join(' · ')}`;
    case 'actions':
      return `[actions]\n${block.elements
        .map((b) => {
          const confirm = b.confirm ? ` confirm{${b.confirm.title.text} | ${b.confirm.text.text} | ${b.confirm.confirm.text}/${b.confirm.deny.text} | ${b.confirm.style}}` : '';
          return `  [${b.text.text}] ${b.action_id} value=${JSON.stringify(b.value)}${b.style ? ` style=${b.style}` : ''}${confirm}`;
        })
        .join('\n')}`;
    case 'divider':
      return '[divider]';
  }
}

export function messageAsText(message: SlackMessage): string {
  return [`text: ${message.text}`, ...message.blocks.map(blockAsText)].join('\n');
}

export function renderedAsText(rendered: RenderedReply): string {
  const messages = rendered.messages.map((m, i) => `=== message ${i + 1} of ${rendered.messages.length} ===\n${messageAsText(m)}`);
  const files = rendered.files.map((f) => `=== file ${f.filename} (${f.title}): ${typeof f.content === 'string' ? `${f.content.split('\n').length} lines, ${f.content.length} chars` : `${f.content.length} bytes`} ===`);
  return `${[...messages, ...files].join('\n')}\n`;
}
