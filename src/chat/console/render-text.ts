import { markSymbol, type Block, type Reply, type StatusMark } from '../../reply/model';

export interface TextRenderOptions {
  readonly colour: boolean;
  /** Console id for each button, in render order (`b1`, `b2`, …), so `press b1` can find it. */
  readonly buttonIds: readonly string[];
}

const ansi: Record<StatusMark, string> = { ok: '32', warning: '33', critical: '31', unknown: '90', pending: '36' };

function paint(text: string, mark: StatusMark | undefined, colour: boolean): string {
  return colour && mark ? `\u001b[${ansi[mark]}m${text}\u001b[0m` : text;
}

function marked(text: string, mark: StatusMark | undefined, colour: boolean): string {
  return mark ? `${paint(markSymbol[mark], mark, colour)} ${text}` : text;
}

function renderTable(columns: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const widths = columns.map((c, i) => Math.max(c.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ').trimEnd();
  return [line(columns), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)];
}

function renderBlock(block: Block, options: TextRenderOptions, nextButton: () => string): string[] {
  switch (block.kind) {
    case 'header':
      return [options.colour ? `\u001b[1m${block.text}\u001b[0m` : block.text, '='.repeat(Math.min(block.text.length, 72))];
    case 'text':
      return [marked(block.text, block.mark, options.colour)];
    case 'fields': {
      const title = block.title ? [marked(block.title, block.mark, options.colour)] : [];
      const width = Math.max(0, ...block.fields.map((f) => f.label.length));
      return [...title, ...block.fields.map((f) => `  ${f.label.padEnd(width)}  ${marked(f.value, f.mark, options.colour)}`)];
    }
    case 'table':
      return [...(block.title ? [block.title] : []), ...renderTable(block.columns, block.rows).map((l) => `  ${l}`)];
    case 'preformatted':
      return [...(block.title ? [`${block.title}:`] : []), ...block.text.split('\n').map((l) => `  | ${l}`)];
    case 'context':
      return [paint(block.text, 'unknown', options.colour)];
    case 'actions':
      return [block.buttons.map((b) => `[${nextButton()}] ${b.label}${b.style === 'danger' ? ' (destructive)' : ''}`).join('   ')];
    case 'divider':
      return ['-'.repeat(40)];
    case 'image':
      return [`[image] ${block.title} (${block.filename})`];
  }
}

/** Draws a reply for a terminal or a pipe. Buttons become `[b1] label`; `press b1` clicks them. */
export function renderReplyText(reply: Reply, options: TextRenderOptions): string {
  let buttonIndex = 0;
  const nextButton = () => options.buttonIds[buttonIndex++] ?? '?';
  const lines = reply.blocks.flatMap((b) => [...renderBlock(b, options, nextButton), '']);
  return lines.join('\n').replace(/\n+$/, '\n');
}
