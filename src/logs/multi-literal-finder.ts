import { literalTables, type LiteralFollowers, type LiteralTables } from './literal-tables';
import { LITERAL_TABLES_AT, ScanArena } from './scan-arena';

/**
 * Finds every occurrence of a set of byte literals in a Buffer. It is the prefilter that lets the
 * log scanner skip lines no signature can match without decoding them, and it keeps up with grep:
 * the scan kernel (scan-kernel.wat) jumps through the bytes with a Wu-Manber shift table for the
 * longer literals and finds the short ones ("node ", " down: ") through 3-byte anchors, 16 bytes a
 * step; both check each candidate in full before it is reported.
 */
export class MultiLiteralFinder {
  readonly literals: readonly string[];
  private readonly tables: LiteralTables;
  /** Holds copies of callers' bytes for the kernel; made on first use. */
  private scratch: ScanArena | null = null;
  private readonly tableHits: number[] = [];
  private readonly anchoredHits: number[] = [];
  private readonly merged: number[] = [];

  constructor(literals: readonly string[], followers: ReadonlyMap<string, LiteralFollowers> = new Map()) {
    if (literals.length === 0) throw new RangeError('MultiLiteralFinder needs at least one literal');
    const tooShort = literals.find((literal) => Buffer.byteLength(literal, 'latin1') < 3);
    if (tooShort !== undefined) throw new RangeError(`literals must be at least 3 bytes long: ${JSON.stringify(tooShort)}`);
    this.literals = literals;
    this.tables = literalTables(
      literals.map((literal) => Buffer.from(literal, 'latin1')),
      literals.map((literal) => followers.get(literal)),
      LITERAL_TABLES_AT,
    );
  }

  /**
   * Every position in [from, to) where a literal starts, ascending, each once. A literal may extend
   * past `to` (callers pass line-aligned bounds, and literals never contain a newline). The array
   * is reused by the next call. Bytes held by `arena` are scanned where they are; others are copied
   * into the finder's own arena first.
   */
  findAll(buf: Uint8Array, from: number, to: number, arena?: ScanArena): readonly number[] {
    const merged = this.merged;
    merged.length = 0;
    if (to <= from) return merged;
    let kernel = arena;
    let scanned = buf;
    let shift = 0;
    if (kernel === undefined || !kernel.holds(buf)) {
      // Only what a literal starting in the range can read: its bytes and its followers'.
      const end = Math.min(buf.length, to + this.tables.reach);
      this.scratch ??= new ScanArena();
      kernel = this.scratch;
      scanned = kernel.input(end - from);
      scanned.set(buf.subarray(from, end));
      shift = from;
    }
    const table = this.tableHits;
    table.length = 0;
    kernel.scanTable(scanned, from - shift, to - shift, this.tables, table);
    const anchored = this.anchoredHits;
    anchored.length = 0;
    const anchorsTo = Math.min(to + this.tables.maxAnchorOffset, scanned.length + shift);
    for (const pass of this.tables.passes) kernel.findAnchored(scanned, from - shift, to - shift, anchorsTo - shift, this.tables, pass, anchored);
    if (anchored.length > 1) anchored.sort(ascending);
    let t = 0;
    let u = 0;
    while (t < table.length || u < anchored.length) {
      const next = u === anchored.length || (t < table.length && table[t]! <= anchored[u]!) ? table[t++]! : anchored[u++]!;
      if (merged.length === 0 || merged[merged.length - 1] !== next) merged.push(next);
    }
    if (shift !== 0) for (let k = 0; k < merged.length; k += 1) merged[k] = merged[k]! + shift;
    return merged;
  }
}

const ascending = (a: number, b: number): number => a - b;
