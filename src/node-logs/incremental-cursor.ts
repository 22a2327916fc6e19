import type { LogChunk } from './incremental-log-command';

/** Where reading a node's log stopped: which file (by inode), how big it was, and the next byte to read. */
export interface LogCursor {
  readonly inode: string;
  /** The file's size when it was last read. */
  readonly size: number;
  /** Start of the first line not yet analyzed: always at a line boundary, unless a single line outgrew a whole read. */
  readonly offset: number;
}

/** The first read of a node only looks at the file: history before watching started is not news. */
const FIRST_READ_BYTES = 0;

/** The range to ask the node for next. */
export const nextRange = (cursor: LogCursor | null, maxBytes: number): { from: number; maxBytes: number } =>
  cursor === null ? { from: 0, maxBytes: FIRST_READ_BYTES } : { from: cursor.offset, maxBytes };

export type CursorStep =
  /** First sight of the file: the cursor starts at its end and nothing is analyzed. */
  | { readonly kind: 'started'; readonly cursor: LogCursor }
  /**
   * `lines` are the complete lines read (possibly none); `behind` counts the bytes still waiting
   * after the new cursor (a log growing faster than one read per poll).
   */
  | { readonly kind: 'advanced'; readonly cursor: LogCursor; readonly from: number; readonly lines: Buffer; readonly behind: number }
  /**
   * The path now names another file (rotated), or the same file shrank below the cursor
   * (truncated): what was read belongs to no known position, so read this file again from 0.
   * After a rotation, the old file's bytes written after the last read are not read.
   */
  | { readonly kind: 'reread'; readonly reason: 'rotated' | 'truncated'; readonly cursor: LogCursor };

const NEWLINE = 0x0a;

/** A reread when the path names another file than `cursor`'s, or the same file shrank below it. */
function restartStep(cursor: LogCursor, file: { inode: string; size: number }): CursorStep | null {
  if (file.inode !== cursor.inode) return { kind: 'reread', reason: 'rotated', cursor: { inode: file.inode, size: file.size, offset: 0 } };
  if (file.size < cursor.offset) return { kind: 'reread', reason: 'truncated', cursor: { inode: file.inode, size: file.size, offset: 0 } };
  return null;
}

/**
 * Moves the cursor over one chunk the node read from `cursor.offset`. A partial last line stays
 * unread (the cursor stops before it) so the next poll sees it whole; only a line longer than a
 * whole read is cut, or the cursor could never move past it.
 */
export function advanceCursor(cursor: LogCursor | null, chunk: LogChunk, maxBytes: number): CursorStep {
  if (cursor === null) return { kind: 'started', cursor: { inode: chunk.inode, size: chunk.size, offset: chunk.size } };
  const restart = restartStep(cursor, chunk);
  if (restart !== null) return restart;
  const lastNewline = chunk.bytes.lastIndexOf(NEWLINE);
  const cutLongLine = lastNewline === -1 && chunk.bytes.length >= maxBytes && maxBytes > 0;
  const taken = cutLongLine ? chunk.bytes.length : lastNewline + 1;
  const offset = cursor.offset + taken;
  return {
    kind: 'advanced',
    cursor: { inode: chunk.inode, size: chunk.size, offset },
    from: cursor.offset,
    lines: chunk.bytes.subarray(0, taken),
    behind: Math.max(0, chunk.size - offset),
  };
}

/**
 * Moves the cursor over a range the node filtered: the node already stopped before a partial last
 * line (incremental-filter-command.ts), so the cursor moves by the `taken` bytes it scanned and
 * `lines` are only the lines grep kept.
 */
export function advanceFilteredCursor(cursor: LogCursor, chunk: { inode: string; size: number; taken: number; lines: Buffer }): CursorStep {
  const restart = restartStep(cursor, chunk);
  if (restart !== null) return restart;
  const offset = cursor.offset + chunk.taken;
  return { kind: 'advanced', cursor: { inode: chunk.inode, size: chunk.size, offset }, from: cursor.offset, lines: chunk.lines, behind: Math.max(0, chunk.size - offset) };
}
