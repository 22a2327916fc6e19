/** Longest slice of one physical line that is ever decoded; absurdly long lines are cut around the hit. */
const MAX_LINE_BYTES = 16 * 1024;

const CARET_NUL_RUN = /(?:\^@){2,}/g;

/**
 * Decodes bytes [start, end) of a line for matching: invalid UTF-8 becomes U+FFFD, NUL bytes and
 * their `^@^@` caret rendering are dropped (they are reported separately as NUL runs, never shown).
 * `focus` is the offset that must survive when the line has to be cut.
 */
export const decodeLine = (buf: Buffer, start: number, end: number, focus: number = start): string => {
  let from = start;
  let to = end;
  if (to - from > MAX_LINE_BYTES) {
    from = focus - from < MAX_LINE_BYTES / 2 ? from : focus - MAX_LINE_BYTES / 2;
    to = from + MAX_LINE_BYTES;
  }
  let slice = buf.subarray(from, to);
  if (slice.indexOf(0) !== -1) slice = Buffer.from(slice.filter((byte) => byte !== 0));
  return slice.toString('utf8').replace(CARET_NUL_RUN, '');
};
