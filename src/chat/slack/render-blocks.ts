import type { Block, Button, Field, StatusMark } from '../../reply/model';
import { buttonWireId } from './button-wire-id';
import { encodeTypedButtonValue } from './typed-button-value';
import { cleanPlainText, escapeMrkdwn, shortenLabel, splitText, withMark } from './mrkdwn';
import type { MrkdwnText, SlackBlock, SlackButton, SlackFile } from './slack-blocks';
import { inlinePreformatted, slackLimits } from './slack-limits';

/**
 * What to do with preformatted text too long to inline: `attach` it as a file (final replies),
 * show a `preview` and say the rest comes later (progress), or `split` it over several sections
 * (ephemeral replies, which cannot carry files).
 */
export type LongTextPolicy = 'attach' | 'preview' | 'split';

export interface RenderedBlocks {
  readonly blocks: SlackBlock[];
  readonly files: SlackFile[];
}

const mrkdwn = (text: string): MrkdwnText => ({ type: 'mrkdwn', text });

function sections(text: string): SlackBlock[] {
  return splitText(text, slackLimits.sectionText).map((piece) => ({ type: 'section', text: mrkdwn(piece) }));
}

/** The least room for code a repeated title and head may leave in a section; below it they are shown once. */
const minCodeRoom = 1000;
const fence = '```\n\n```'.length;

/** Wraps each piece in a code block, repeating the title line so a split piece still says what it is. */
function codeSections(title: string | undefined, body: string, repeatedHead = ''): SlackBlock[] {
  const heading = title ? `*${escapeMrkdwn(title)}*\n` : '';
  const room = slackLimits.sectionText - heading.length - repeatedHead.length - fence;
  if (room < minCodeRoom) {
    // Repeating this much would leave no room (or negative room) for the text itself.
    const once = title ? sections(`*${escapeMrkdwn(title)}*`) : [];
    return [...once, ...splitText(`${repeatedHead}${escapeMrkdwn(body)}`, slackLimits.sectionText - fence).map((piece) => codeSection(piece))];
  }
  return splitText(escapeMrkdwn(body), room).map((piece) => codeSection(`${repeatedHead}${piece}`, heading));
}

const codeSection = (code: string, heading = ''): SlackBlock => ({ type: 'section', text: mrkdwn(`${heading}\`\`\`\n${code}\n\`\`\``) });

function fieldText(field: Field): string {
  return `*${escapeMrkdwn(field.label)}*\n${withMark(escapeMrkdwn(field.value), field.mark)}`;
}

function renderFields(title: string | undefined, mark: StatusMark | undefined, fields: readonly Field[]): SlackBlock[] {
  const out: SlackBlock[] = [];
  if (title) out.push(...sections(withMark(`*${escapeMrkdwn(title)}*`, mark)));
  let row: MrkdwnText[] = [];
  let rowChars = 0;
  const flush = (): void => {
    if (row.length > 0) out.push({ type: 'section', fields: row });
    row = [];
    rowChars = 0;
  };
  for (const field of fields) {
    const text = fieldText(field);
    if (text.length > slackLimits.fieldText) {
      // Too long for a field: it gets full-width sections of its own, in its place.
      flush();
      out.push(...sections(text));
      continue;
    }
    // Ten 2000-char fields are one 20k block, over what one message may carry: a row stays section-sized.
    if (rowChars + text.length > slackLimits.sectionText) flush();
    row.push(mrkdwn(text));
    rowChars += text.length;
    if (row.length === slackLimits.fieldsPerSection) flush();
  }
  flush();
  return out;
}

function tableText(columns: readonly string[], rows: readonly (readonly string[])[]): { head: string; body: string } {
  const widths = columns.map((c, i) => Math.max(c.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]): string => widths.map((w, i) => (cells[i] ?? '').padEnd(w)).join('  ').trimEnd();
  return { head: `${line(columns)}\n${widths.map((w) => '-'.repeat(w)).join('  ')}\n`, body: rows.map(line).join('\n') };
}

/** A preview line longer than this is cut: ten lines of a 100-column table must still fit one section. */
const previewLine = (line: string): string => shortenLabel(line, inlinePreformatted.previewWidth);

function renderPreformatted(title: string | undefined, text: string, policy: LongTextPolicy, files: SlackFile[]): SlackBlock[] {
  const lines = text.split('\n');
  const fits = text.length <= inlinePreformatted.maxChars && lines.length <= inlinePreformatted.maxLines;
  if (fits || policy === 'split') return codeSections(title, text);
  const preview = lines.slice(0, inlinePreformatted.previewLines).map(previewLine).join('\n');
  const size = `${lines.length} lines, ${Math.ceil(Buffer.byteLength(text) / 1024)} KB`;
  if (policy === 'preview') {
    return [...codeSections(title, preview), { type: 'context', elements: [mrkdwn(`First ${inlinePreformatted.previewLines} of ${size}; the full text is attached when the command completes.`)] }];
  }
  const filename = `${(title ?? 'output').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'output'}-${files.length + 1}.txt`;
  files.push({ filename, title: title ?? 'output', content: text });
  return [...codeSections(title, preview), { type: 'context', elements: [mrkdwn(`First ${inlinePreformatted.previewLines} of ${size}; the full text is attached in the thread as \`${filename}\`.`)] }];
}

function renderButton(button: Button, position: number): SlackButton {
  const wireId = buttonWireId(button.actionId, position, button.typed !== undefined);
  const value = button.typed ? encodeTypedButtonValue(button.value, button.typed) : button.value;
  if (wireId.length > slackLimits.actionId || value.length > slackLimits.buttonValue) {
    // Action ids and values are written by our own commands: this is a programming error, caught by the render tests.
    throw new Error(`button ${button.actionId}: action id or value exceeds Slack's limits (${slackLimits.actionId}/${slackLimits.buttonValue} chars)`);
  }
  const plain = (text: string, max: number) => ({ type: 'plain_text' as const, text: shortenLabel(cleanPlainText(text), max) });
  return {
    type: 'button',
    action_id: wireId,
    text: { ...plain(button.label, slackLimits.buttonText), emoji: true },
    value,
    ...(button.style ? { style: button.style } : {}),
    ...(button.confirm
      ? {
          confirm: {
            title: plain(button.confirm.title, slackLimits.confirmTitle),
            text: plain(button.confirm.text, slackLimits.confirmText),
            confirm: plain(button.confirm.confirmLabel, slackLimits.confirmButton),
            deny: plain(button.confirm.denyLabel, slackLimits.confirmButton),
            style: button.style === 'danger' ? 'danger' : 'primary',
          },
        }
      : {}),
  };
}

/** Renders the reply's blocks, each within Slack's per-block limits; the message split comes after. */
export function renderBlocks(blocks: readonly Block[], policy: LongTextPolicy): RenderedBlocks {
  const out: SlackBlock[] = [];
  const files: SlackFile[] = [];
  let buttonPosition = 0;
  for (const block of blocks) {
    switch (block.kind) {
      case 'header': {
        const text = cleanPlainText(block.text);
        if (text.length <= slackLimits.headerText) out.push({ type: 'header', text: { type: 'plain_text', text, emoji: true } });
        else out.push(...sections(`*${escapeMrkdwn(text)}*`));
        break;
      }
      case 'text':
        out.push(...sections(withMark(escapeMrkdwn(block.text), block.mark)));
        break;
      case 'fields':
        out.push(...renderFields(block.title, block.mark, block.fields));
        break;
      case 'table': {
        const { head, body } = tableText(block.columns, block.rows);
        // A head repeated on every split piece must leave room for rows; a wider table (a matrix of
        // many long node names) is long text like any other: attached, previewed or split.
        const escapedHead = escapeMrkdwn(head);
        if (escapedHead.length <= inlinePreformatted.maxTableHead) out.push(...codeSections(block.title, body, escapedHead));
        else out.push(...renderPreformatted(block.title, `${head}${body}`, policy, files));
        break;
      }
      case 'preformatted':
        out.push(...renderPreformatted(block.title, block.text, policy, files));
        break;
      case 'context':
        for (const piece of splitText(escapeMrkdwn(block.text), slackLimits.contextText)) out.push({ type: 'context', elements: [mrkdwn(piece)] });
        break;
      case 'actions':
        for (let i = 0; i < block.buttons.length; i += slackLimits.actionsElements) {
          out.push({ type: 'actions', elements: block.buttons.slice(i, i + slackLimits.actionsElements).map((b) => renderButton(b, buttonPosition++)) });
        }
        break;
      case 'divider':
        out.push({ type: 'divider' });
        break;
      case 'image':
        // Ephemeral replies cannot carry files; the command's own text already says where the picture is.
        if (policy !== 'split') files.push({ filename: block.filename, title: block.title, content: Buffer.from(block.pngBase64, 'base64') });
        out.push({ type: 'context', elements: [mrkdwn(policy === 'split' ? `${escapeMrkdwn(block.title)}: pictures cannot be attached to a private reply` : `${escapeMrkdwn(block.title)}: attached in the thread as \`${escapeMrkdwn(block.filename)}\``)] });
        break;
    }
  }
  return { blocks: out, files };
}
