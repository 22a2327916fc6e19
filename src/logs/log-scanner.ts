import type { LogRecord, NulRun } from './log-record';
import type { MultiLiteralFinder } from './multi-literal-finder';
import type { LocalNulRun } from './nul-run-finder';
import { findNulRuns } from './nul-run-finder';
import { assembleRecord } from './record-assembler';
import { ScanArena } from './scan-arena';

export interface LogScanListener {
  /** A record that contains at least one prefilter literal. */
  readonly onRecord: (record: LogRecord) => void;
  readonly onNulRun: (run: NulRun) => void;
}

/** Bytes kept before the scan point so a hit can walk back to its record's header line. */
const CONTEXT_BYTES = 64 * 1024;
/** Bytes held back at the end of a window so a record found near its end can be read to its end. */
const RESERVE_BYTES = 64 * 1024;
/**
 * A window with no newline at all (a huge NUL hole, a 200 MB line) is scanned and cut at this size
 * rather than grown without bound; small, because every chunk pushed copies the window. Chunks are
 * taken in pieces of at most this size too, so the arena stays a few megabytes whatever the caller passes.
 */
const MAX_WINDOW_BYTES = 1024 * 1024;

interface OpenNulRun {
  readonly offset: number;
  readonly line: number;
  bytes: number;
  readonly rendering: 'bytes' | 'caret';
}

/**
 * Streaming, constant-memory scan of a log: feed it chunks, it reports the records that contain a
 * prefilter literal and every NUL run. Only those records are decoded; everything else is skipped
 * by the literal finder and counted for line numbers by the scan kernel, 16 bytes a step.
 */
export class LogScanner {
  /**
   * The unscanned bytes and the context before them, always in the arena: the scan kernel reads
   * them where they are, and appending a chunk is one copy into memory already mapped.
   */
  private readonly arena = new ScanArena();
  private window: Buffer = this.arena.input(0);
  /** Absolute offset of window[0]. */
  private windowOffset = 0;
  /** Window offset where unscanned bytes begin. */
  private scanFrom = 0;
  /** Window offset up to which records are done (hits before it are inside a reported record). */
  private doneUpTo = 0;
  /** Newlines counted before window offset `countedTo`. */
  private newlinesBefore = 0;
  private countedTo = 0;
  private openNulRun: OpenNulRun | null = null;
  private totalBytes = 0;

  constructor(
    private readonly finder: MultiLiteralFinder,
    private readonly listener: LogScanListener,
  ) {}

  get bytesScanned(): number {
    return this.totalBytes;
  }

  /** Physical lines seen so far (a final line without "\n" counts once `end()` was called). */
  get linesScanned(): number {
    return this.newlinesBefore;
  }

  push(chunk: Buffer): void {
    for (let at = 0; at < chunk.length; at += MAX_WINDOW_BYTES) this.pushPiece(chunk.subarray(at, at + MAX_WINDOW_BYTES));
  }

  private pushPiece(piece: Buffer): void {
    this.totalBytes += piece.length;
    this.append(piece);
    const lastNewline = this.window.lastIndexOf(10);
    let scanTo = -1;
    if (lastNewline !== -1 && lastNewline + 1 - this.scanFrom > RESERVE_BYTES) {
      scanTo = this.window.lastIndexOf(10, lastNewline - RESERVE_BYTES) + 1;
    } else if (this.window.length - this.scanFrom > MAX_WINDOW_BYTES) {
      scanTo = this.window.length - RESERVE_BYTES;
    }
    if (scanTo > this.scanFrom) this.scanRegion(scanTo, this.window.length);
    this.dropContext();
  }

  end(): void {
    this.scanRegion(this.window.length, this.window.length);
    const tail = this.window.length;
    if (tail > 0 && this.window[tail - 1] !== 10) this.newlinesBefore += 1;
    this.closeNulRun();
    this.window = this.arena.input(0);
  }

  /** Puts `piece` after the window. The arena may grow, and a view taken before that sees nothing: take a new one. */
  private append(piece: Buffer): void {
    const kept = this.window.length;
    this.window = this.arena.input(kept + piece.length);
    piece.copy(this.window, kept);
  }

  private scanRegion(scanTo: number, readableTo: number): void {
    const nulRuns = findNulRuns(this.window, this.scanFrom, scanTo);
    let nextNul = 0;
    const hits = this.finder.findAll(this.window, Math.max(this.scanFrom, this.doneUpTo), scanTo, this.arena);
    for (const hit of hits) {
      // A literal inside a record already reported is part of that record.
      if (hit < this.doneUpTo) continue;
      while (nextNul < nulRuns.length && nulRuns[nextNul]!.start < hit) {
        this.addNulRun(nulRuns[nextNul]!);
        nextNul += 1;
      }
      const assembled = assembleRecord(this.window, hit, this.doneUpTo, readableTo);
      const firstLine = this.lineAt(assembled.start);
      this.listener.onRecord({
        time: assembled.header?.time ?? null,
        level: assembled.header?.level ?? null,
        pid: assembled.header?.pid ?? null,
        message: assembled.messageLines.join('\n'),
        firstLine,
        lastLine: firstLine + assembled.lineCount - 1,
      });
      this.doneUpTo = Math.max(assembled.end, hit + 1);
    }
    while (nextNul < nulRuns.length) {
      this.addNulRun(nulRuns[nextNul]!);
      nextNul += 1;
    }
    this.lineAt(scanTo);
    this.scanFrom = scanTo;
  }

  /** 1-based line number of window offset `position`. */
  private lineAt(position: number): number {
    if (position >= this.countedTo) {
      this.newlinesBefore += this.arena.countNewlines(this.window, this.countedTo, position);
      this.countedTo = position;
      return this.newlinesBefore + 1;
    }
    // A record whose literal is on a line after the last scanned region's end can start before it:
    // the count has passed its first line.
    return this.newlinesBefore + 1 - this.arena.countNewlines(this.window, position, this.countedTo);
  }

  private addNulRun(local: LocalNulRun): void {
    const offset = this.windowOffset + local.start;
    const open = this.openNulRun;
    if (open !== null && open.rendering === local.rendering && this.onlyLineBreaksBetween(open.offset + open.bytes, offset)) {
      open.bytes += local.length;
      return;
    }
    this.closeNulRun();
    this.openNulRun = { offset, line: this.lineAt(local.start), bytes: local.length, rendering: local.rendering };
  }

  /** A hole shown as several lines of `^@` (or NULs split by stray newlines) is still one hole. */
  private onlyLineBreaksBetween(fromAbsolute: number, toAbsolute: number): boolean {
    const from = fromAbsolute - this.windowOffset;
    const to = toAbsolute - this.windowOffset;
    if (from < 0 || to < from || to - from > 4) return false;
    for (let at = from; at < to; at += 1) {
      const byte = this.window[at];
      if (byte !== 10 && byte !== 13) return false;
    }
    return true;
  }

  private closeNulRun(): void {
    const open = this.openNulRun;
    if (open === null) return;
    this.openNulRun = null;
    const bytes = open.rendering === 'caret' ? open.bytes / 2 : open.bytes;
    this.listener.onNulRun({ bytes, offset: open.offset, line: open.line, rendering: open.rendering });
  }

  /** The window from `cut` on, moved to the front of the arena. */
  private keep(cut: number): Buffer {
    this.window.copyWithin(0, cut);
    return this.window.subarray(0, this.window.length - cut);
  }

  /**
   * Keeps only the context before the scan point and the unscanned rest, cut at a line start, or
   * mid-line when the context holds no line break at all (one endless line must not be kept whole).
   */
  private dropContext(): void {
    const keepFrom = Math.min(this.scanFrom, Math.max(0, this.scanFrom - CONTEXT_BYTES));
    if (keepFrom === 0) return;
    const lineStart = this.window.lastIndexOf(10, keepFrom) + 1;
    const cut = lineStart > 0 ? lineStart : keepFrom;
    this.window = this.keep(cut);
    this.windowOffset += cut;
    this.scanFrom -= cut;
    this.doneUpTo = Math.max(0, this.doneUpTo - cut);
    this.countedTo = Math.max(0, this.countedTo - cut);
  }
}
