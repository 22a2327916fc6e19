/** Longest slice of one physical line that is ever decoded; absurdly long lines are cut around the hit. */
const MAX_LINE_BYTES = 16 * 1024;

const CARET_NUL_RUN = /(?:\^@){2,}/g;

const hasNul = (buf: Buffer, start: number, end: number): boolean => {
  for (let at = start; at < end; at += 1) if (buf[at] === 0) return true;
  return false;
};

/**
 * Decodes bytes [start, end) of a line for matching: invalid UTF-8 becomes U+FFFD, NUL bytes and
 * their `^@^@` caret rendering are dropped (they are reported separately as NUL runs, never shown).
 * `focus` is the offset that must survive when the line has to be cut. Decoded straight from the
 * window (no Buffer view per line), and the NUL filter and caret pass run only on lines that need
 * them: every record costs three line decodes.
 */
export const decodeLine = (buf: Buffer, start: number, end: number, focus: number = start): string => {
  let from = start;
  let to = end;
  if (to - from > MAX_LINE_BYTES) {
    from = focus - from < MAX_LINE_BYTES / 2 ? from : focus - MAX_LINE_BYTES / 2;
    to = from + MAX_LINE_BYTES;
  }
  const text = hasNul(buf, from, to) ? Buffer.from(buf.subarray(from, to).filter((byte) => byte !== 0)).toString('utf8') : buf.toString('utf8', from, to);
  return text.includes('^@') ? text.replace(CARET_NUL_RUN, '') : text;
};
