import { decodeLine } from './decode-line';
import type { LineHeader, ParsedLine } from './line-header';
import { parseLine } from './line-header';

/**
 * Records never grow past these, so one pathological record cannot hold memory or time hostage:
 * every signature pattern runs on at most this much text, whatever the input (a term that never
 * closes, megabytes of continuation lines). Real records, even crash reports, need far less to be
 * recognized: the catalog matches their first lines.
 */
export const MAX_RECORD_LINES = 64;
export const MAX_RECORD_CHARS = 32 * 1024;

export interface AssembledRecord {
  /** Byte offsets of the record's first line start and of the end of its last line (after "\n"). */
  readonly start: number;
  readonly end: number;
  readonly header: LineHeader | null;
  readonly messageLines: readonly string[];
  /** Number of physical lines. */
  readonly lineCount: number;
}

interface Line {
  readonly start: number;
  /** Offset of the "\n" (or of the bound when the line is cut). */
  readonly end: number;
  readonly parsed: ParsedLine;
}

const lineChars = (line: Line): number =>
  line.parsed.kind === 'header' ? line.parsed.header.message.length : line.parsed.kind === 'text' ? line.parsed.text.length : 0;

const readLine = (buf: Buffer, start: number, limit: number, focus?: number): Line => {
  const newline = buf.indexOf(10, start);
  const end = newline === -1 || newline >= limit ? limit : newline;
  return { start, end, parsed: parseLine(decodeLine(buf, start, end, focus ?? start)) };
};

const previousLineStart = (buf: Buffer, lineStart: number, lowerBound: number): number => {
  const newline = lineStart - 2 < lowerBound ? -1 : buf.lastIndexOf(10, lineStart - 2);
  return Math.max(newline + 1, lowerBound);
};

/** A header line continues the one before it only in the 3.9+ format, where the prefix repeats. */
const continues = (previous: ParsedLine, next: ParsedLine): boolean => {
  if (next.kind === 'text') return previous.kind !== 'blank';
  if (next.kind === 'header' && previous.kind === 'header') {
    return next.header.continuationKey !== null && next.header.continuationKey === previous.header.continuationKey;
  }
  return false;
};

/** Whether bytes [from, to) contain `ascii`, searched in place (an unbounded indexOf would read on past `to`). */
const includesAscii = (buf: Buffer, from: number, to: number, ascii: string): boolean => {
  const first = ascii.charCodeAt(0);
  for (let at = from; at + ascii.length <= to; at += 1) {
    if (buf[at] !== first) continue;
    let k = 1;
    while (k < ascii.length && buf[at + k] === ascii.charCodeAt(k)) k += 1;
    if (k === ascii.length) return true;
  }
  return false;
};

/**
 * Whether the line at [start, end) can continue into `header`, read from its bytes without decoding
 * it: a line that does carries the same continuation key, so its text holds the header's pid and
 * clock. Decoding creates no ASCII (invalid UTF-8 becomes U+FFFD) and only cuts, except where it
 * drops NULs and their caret rendering, so such lines are left to the full parse.
 */
export const mayContinueInto = (buf: Buffer, start: number, end: number, header: LineHeader): boolean => {
  for (let at = start; at < end; at += 1) if (buf[at] === 0 || buf[at] === 0x5e) return true;
  if (header.pid !== null && !includesAscii(buf, start, end, header.pid)) return false;
  // The clock without its fraction: "12:00:00,123" and "12:00:00.123" are the same time.
  if (header.time !== null && header.time.length >= 19 && !includesAscii(buf, start, end, header.time.slice(11, 19))) return false;
  return true;
};

/**
 * Grows the record around a prefilter hit: back to its header line (or to a blank line for text
 * without headers), forward while lines continue it. `lowerBound` is where the previous record
 * ended and `upperBound` where readable bytes end.
 */
export const assembleRecord = (buf: Buffer, hit: number, lowerBound: number, upperBound: number): AssembledRecord => {
  const hitStart = hit === 0 ? 0 : Math.max(buf.lastIndexOf(10, hit - 1) + 1, lowerBound);
  const lines: Line[] = [readLine(buf, hitStart, upperBound, hit)];
  let chars = lineChars(lines[0]!);
  while (lines.length < MAX_RECORD_LINES / 2) {
    const first = lines[0]!;
    if (first.start <= lowerBound || first.parsed.kind === 'blank') break;
    if (first.parsed.kind === 'header' && first.parsed.header.continuationKey === null) break;
    const previousStart = previousLineStart(buf, first.start, lowerBound);
    if (first.parsed.kind === 'header' && !mayContinueInto(buf, previousStart, first.start - 1, first.parsed.header)) break;
    const previous = readLine(buf, previousStart, first.start - 1);
    if (!continues(previous.parsed, first.parsed) || chars + 1 + lineChars(previous) > MAX_RECORD_CHARS / 2) break;
    // +1: the newline that joins it to the record.
    chars += 1 + lineChars(previous);
    lines.unshift(previous);
  }
  while (lines.length < MAX_RECORD_LINES) {
    const last = lines[lines.length - 1]!;
    if (last.end >= upperBound) break;
    const next = readLine(buf, last.end + 1, upperBound);
    if (!continues(last.parsed, next.parsed) || chars + 1 + lineChars(next) > MAX_RECORD_CHARS) break;
    chars += 1 + lineChars(next);
    lines.push(next);
  }
  const first = lines[0]!;
  const last = lines[lines.length - 1]!;
  const header = first.parsed.kind === 'header' ? first.parsed.header : null;
  const messageLines = lines.flatMap((line) => {
    if (line.parsed.kind === 'header') return [line.parsed.header.message];
    if (line.parsed.kind === 'text') return [line.parsed.text];
    return [];
  });
  return {
    start: first.start,
    end: Math.min(last.end + 1, upperBound),
    header,
    messageLines,
    lineCount: lines.length,
  };
};
