import type { StatusMark } from '../../reply/model';

/** Slack emoji per status mark: they keep their colour on every client, unlike the console symbols. */
export const markEmoji: Record<StatusMark, string> = {
  ok: ':large_green_circle:',
  warning: ':large_yellow_circle:',
  critical: ':red_circle:',
  unknown: ':white_circle:',
  pending: ':hourglass_flowing_sand:',
};

export function withMark(text: string, mark: StatusMark | undefined): string {
  return mark ? `${markEmoji[mark]} ${text}` : text;
}

/**
 * Makes text from nodes and logs safe for mrkdwn: `<0.20289.4916>` (an Erlang pid) would otherwise
 * be parsed as a link, and control characters (a crashed node's log holes) would reach the client.
 */
export function escapeMrkdwn(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]+/g, (run) => `[${run.length} control byte${run.length === 1 ? '' : 's'}]`);
}

/** Plain-text fields (header, button, dialog) are not parsed as mrkdwn, but control bytes still do not belong there. */
export function cleanPlainText(text: string): string {
  return text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]+/g, ' ');
}

/** Ends a too-long label with a visible ellipsis; used only for labels and dialogs, never for reply content. */
export function shortenLabel(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/**
 * Splits text into pieces of at most `max` characters, at line ends where possible, so nothing is
 * lost when a section would be too long.
 */
export function splitText(text: string, max: number): string[] {
  // With no room a piece never gets shorter: fail loudly instead of looping.
  if (!(max >= 1)) throw new RangeError(`splitText needs room for at least one character, got ${max}`);
  const pieces: string[] = [];
  let current = '';
  for (const line of text.split('\n')) {
    const candidate = current === '' ? line : `${current}\n${line}`;
    if (candidate.length <= max) {
      current = candidate;
      continue;
    }
    if (current !== '') pieces.push(current);
    let rest = line;
    while (rest.length > max) {
      const cut = cutOutsideEntity(rest, max);
      pieces.push(rest.slice(0, cut));
      rest = rest.slice(cut);
    }
    current = rest;
  }
  if (current !== '' || pieces.length === 0) pieces.push(current);
  return pieces;
}

/** A hard cut must not split an escape such as `&amp;` in two. */
function cutOutsideEntity(text: string, max: number): number {
  const amp = text.lastIndexOf('&', max - 1);
  if (amp > max - 6 && amp > 0 && text.indexOf(';', amp) >= max) return amp;
  return max;
}
