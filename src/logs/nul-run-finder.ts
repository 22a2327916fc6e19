/** A NUL run found inside one window, in window offsets; the scanner joins runs across windows. */
export interface LocalNulRun {
  readonly start: number;
  readonly length: number;
  readonly rendering: 'bytes' | 'caret';
}

const CARET = Buffer.from('^@^@', 'latin1');
const CARET_BYTE = 0x5e;
const AT_BYTE = 0x40;

const nulRunLength = (buf: Uint8Array, start: number, to: number): number => {
  let end = start;
  while (end < to && buf[end] === 0) end += 1;
  return end - start;
};

const caretRunPairs = (buf: Uint8Array, start: number, to: number): number => {
  let end = start;
  while (end + 1 < to && buf[end] === CARET_BYTE && buf[end + 1] === AT_BYTE) end += 2;
  return (end - start) / 2;
};

/**
 * Every run of NUL bytes, and of two or more `^@` pairs (how less and vim show them in a paste), in
 * [from, to). Both searches are memchr-speed `indexOf` calls, so clean logs cost almost nothing.
 */
export const findNulRuns = (buf: Buffer, from: number, to: number): LocalNulRun[] => {
  const runs: LocalNulRun[] = [];
  for (let at = buf.indexOf(0, from); at !== -1 && at < to; at = buf.indexOf(0, at)) {
    const length = nulRunLength(buf, at, to);
    runs.push({ start: at, length, rendering: 'bytes' });
    at += length;
  }
  for (let at = buf.indexOf(CARET, from); at !== -1 && at < to; at = buf.indexOf(CARET, at)) {
    const pairs = caretRunPairs(buf, at, to);
    runs.push({ start: at, length: pairs * 2, rendering: 'caret' });
    at += pairs * 2;
  }
  return runs.sort((a, b) => a.start - b.start);
};
