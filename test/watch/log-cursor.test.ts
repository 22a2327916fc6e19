import { advanceCursor, advanceFilteredCursor, nextRange, type LogCursor } from '../../src/node-logs/incremental-cursor';
import type { LogChunk } from '../../src/node-logs/incremental-log-command';

const chunk = (inode: string, size: number, text: string): LogChunk => ({ inode, size, bytes: Buffer.from(text, 'latin1') });
const at = (inode: string, size: number, offset: number): LogCursor => ({ inode, size, offset });
const MAX = 1024;

describe('the incremental log cursor', () => {
  it('first sight of a file starts at its end and reads nothing: history is not news', () => {
    expect(nextRange(null, MAX)).toEqual({ from: 0, maxBytes: 0 });
    expect(advanceCursor(null, chunk('42', 5000, ''), MAX)).toEqual({ kind: 'started', cursor: at('42', 5000, 5000) });
  });

  it('reads on from the offset and moves over the complete lines', () => {
    expect(nextRange(at('42', 100, 100), MAX)).toEqual({ from: 100, maxBytes: MAX });
    const step = advanceCursor(at('42', 100, 100), chunk('42', 112, 'one\ntwo\n'), MAX);
    expect(step).toMatchObject({ kind: 'advanced', cursor: at('42', 112, 108), from: 100, behind: 4 });
    expect(step.kind === 'advanced' && step.lines.toString()).toBe('one\ntwo\n');
  });

  it('keeps a partial last line for the next poll, which then reads it whole', () => {
    const first = advanceCursor(at('42', 100, 100), chunk('42', 110, 'one\ntwo-ha'), MAX);
    expect(first).toMatchObject({ kind: 'advanced', cursor: at('42', 110, 104) });
    expect(first.kind === 'advanced' && first.lines.toString()).toBe('one\n');
    const second = advanceCursor(first.cursor, chunk('42', 115, 'two-half\n'), MAX);
    expect(second.kind === 'advanced' && second.lines.toString()).toBe('two-half\n');
    expect(second.cursor.offset).toBe(113);
  });

  it('a poll with only a partial line moves nothing', () => {
    expect(advanceCursor(at('42', 100, 100), chunk('42', 103, 'abc'), MAX)).toMatchObject({ kind: 'advanced', cursor: at('42', 103, 100), behind: 3 });
  });

  it('cuts a single line longer than a whole read, or the cursor could never pass it', () => {
    const long = 'x'.repeat(MAX);
    const step = advanceCursor(at('42', 0, 0), chunk('42', 5 * MAX, long), MAX);
    expect(step).toMatchObject({ kind: 'advanced', cursor: at('42', 5 * MAX, MAX), behind: 4 * MAX });
  });

  it('a log growing faster than one read per poll is caught up over the next polls', () => {
    const step = advanceCursor(at('42', 0, 0), chunk('42', 10_000, 'line\n'.repeat(300).slice(0, MAX)), MAX);
    expect(step.kind === 'advanced' && step.behind).toBe(10_000 - step.cursor.offset);
    expect(step.cursor.offset).toBe(1020);
  });

  it('counts bytes, not characters: a multi-byte character and NUL runs move the offset by their bytes', () => {
    const bytes = Buffer.concat([Buffer.from('é\n', 'utf8'), Buffer.from([0, 0, 0, 0x0a])]);
    const step = advanceCursor(at('42', 0, 0), { inode: '42', size: bytes.length, bytes }, MAX);
    expect(step.cursor.offset).toBe(7);
  });

  it('rotation (the path names another inode) reads the new file from 0', () => {
    expect(advanceCursor(at('42', 900, 900), chunk('77', 30, ''), MAX)).toEqual({ kind: 'reread', reason: 'rotated', cursor: at('77', 30, 0) });
  });

  it('truncation (same inode, smaller than the offset) reads the file from 0', () => {
    expect(advanceCursor(at('42', 900, 900), chunk('42', 12, ''), MAX)).toEqual({ kind: 'reread', reason: 'truncated', cursor: at('42', 12, 0) });
  });

  it('a file that grew back to exactly the offset is not truncated: nothing new yet', () => {
    expect(advanceCursor(at('42', 900, 900), chunk('42', 900, ''), MAX)).toMatchObject({ kind: 'advanced', cursor: at('42', 900, 900), behind: 0 });
  });

  it('inode numbers beyond 2^53 are compared exactly, as text', () => {
    expect(advanceCursor(at('18446744073709551615', 10, 10), chunk('18446744073709551614', 10, ''), MAX).kind).toBe('reread');
  });

  it('over a range the node filtered, moves by the bytes the node took, not by the lines it sent', () => {
    const lines = Buffer.from('HIT\n');
    expect(advanceFilteredCursor(at('42', 100, 100), { inode: '42', size: 900, taken: 700, lines })).toEqual({ kind: 'advanced', cursor: at('42', 900, 800), from: 100, lines, behind: 100 });
    expect(advanceFilteredCursor(at('42', 100, 100), { inode: '43', size: 900, taken: 0, lines })).toEqual({ kind: 'reread', reason: 'rotated', cursor: at('43', 900, 0) });
    expect(advanceFilteredCursor(at('42', 100, 100), { inode: '42', size: 50, taken: 0, lines })).toEqual({ kind: 'reread', reason: 'truncated', cursor: at('42', 50, 0) });
  });
});
