/**
 * Finds any of a set of byte literals in a Buffer in one pass (Wu-Manber with 3-byte blocks). It is
 * the prefilter that lets the log scanner skip lines no signature can match without decoding them:
 * the shift table jumps up to `window - 2` bytes per step, so the scan touches only a fraction of
 * the bytes, which is how it keeps up with grep.
 *
 * The jump is bounded by the shortest literal, so literals too short to jump far (" up") are not
 * part of the table: each is found by its own native `indexOf`, whose next position is remembered,
 * and the table scan stops where the nearest of them starts.
 */
export interface LiteralHit {
  /** Offset of the literal's first byte. */
  readonly position: number;
  readonly literalIndex: number;
}

const BLOCK = 3;
const TABLE_SIZE = 1 << 16;
/** Literals shorter than this are searched one by one rather than shortening every jump. */
const MIN_TABLE_LITERAL = 7;

/** Three bytes folded into the table index; collisions only cost an extra verification. */
const blockHash = (a: number, b: number, c: number): number => ((a << 11) ^ (b << 5) ^ c) & (TABLE_SIZE - 1);

interface ShortLiteral {
  readonly index: number;
  readonly bytes: Buffer;
  /** Last search: the buffer, where it started and what it found (-1: nothing after `from`). */
  buffer: Uint8Array | null;
  from: number;
  found: number;
}

export class MultiLiteralFinder {
  readonly literals: readonly string[];
  private readonly window: number;
  private readonly shift: Uint8Array;
  /** For a zero shift: the literals whose first `window` bytes end with that block. */
  private readonly candidates: (readonly number[] | undefined)[];
  private readonly patterns: readonly Uint8Array[];
  private readonly short: readonly ShortLiteral[];

  constructor(literals: readonly string[]) {
    if (literals.length === 0) throw new RangeError('MultiLiteralFinder needs at least one literal');
    this.literals = literals;
    this.patterns = literals.map((literal) => Buffer.from(literal, 'latin1'));
    const tooShort = this.patterns.findIndex((pattern) => pattern.length < BLOCK);
    if (tooShort !== -1) throw new RangeError(`literals must be at least ${BLOCK} bytes long: ${JSON.stringify(literals[tooShort])}`);
    const long = this.patterns.flatMap((pattern, index) => (pattern.length >= MIN_TABLE_LITERAL ? [index] : []));
    this.short = this.patterns.flatMap((pattern, index) =>
      pattern.length >= MIN_TABLE_LITERAL ? [] : [{ index, bytes: Buffer.from(pattern), buffer: null, from: 0, found: -1 }],
    );
    this.window = long.length === 0 ? 0 : Math.min(...long.map((index) => this.patterns[index]!.length));
    const maxShift = Math.min(255, this.window - BLOCK + 1);
    this.shift = new Uint8Array(TABLE_SIZE).fill(maxShift);
    this.candidates = new Array<readonly number[] | undefined>(TABLE_SIZE);
    for (const index of long) {
      const pattern = this.patterns[index]!;
      for (let end = BLOCK; end <= this.window; end += 1) {
        const block = blockHash(pattern[end - 3]!, pattern[end - 2]!, pattern[end - 1]!);
        const distance = this.window - end;
        if (distance < this.shift[block]!) this.shift[block] = distance;
        if (distance === 0) this.candidates[block] = [...(this.candidates[block] ?? []), index];
      }
    }
  }

  /**
   * The first literal occurrence starting in [from, to), or null. The literal itself may extend past
   * `to` (callers pass line-aligned bounds, and literals never contain a newline).
   */
  findFirst(buf: Uint8Array, from: number, to: number): LiteralHit | null {
    let shortHit: LiteralHit | null = null;
    for (const literal of this.short) {
      const position = this.nextShort(literal, buf, from);
      if (position !== -1 && position < to && (shortHit === null || position < shortHit.position)) shortHit = { position, literalIndex: literal.index };
    }
    const tableHit = this.window === 0 ? null : this.scanTable(buf, from, shortHit === null ? to : shortHit.position);
    return tableHit ?? shortHit;
  }

  /** Where `literal` next occurs at or after `from`; searches again only when `from` passed the last answer. */
  private nextShort(literal: ShortLiteral, buf: Uint8Array, from: number): number {
    if (literal.buffer !== buf || from < literal.from || (literal.found !== -1 && from > literal.found)) {
      literal.buffer = buf;
      literal.from = from;
      literal.found = Buffer.prototype.indexOf.call(buf, literal.bytes, from);
    }
    return literal.found;
  }

  /** The first table literal starting in [from, to). */
  private scanTable(buf: Uint8Array, from: number, to: number): LiteralHit | null {
    const { shift, candidates, patterns, window } = this;
    const limit = Math.min(to + window - 1, buf.length);
    let end = from + window - 1;
    while (end < limit) {
      const skip = shift[blockHash(buf[end - 2]!, buf[end - 1]!, buf[end]!)]!;
      if (skip !== 0) {
        end += skip;
        continue;
      }
      const start = end - window + 1;
      const list = candidates[blockHash(buf[end - 2]!, buf[end - 1]!, buf[end]!)];
      if (list !== undefined) {
        for (const index of list) {
          if (matchesAt(buf, start, patterns[index]!)) return { position: start, literalIndex: index };
        }
      }
      end += 1;
    }
    return null;
  }
}

const matchesAt = (buf: Uint8Array, start: number, pattern: Uint8Array): boolean => {
  if (start + pattern.length > buf.length) return false;
  for (let k = 0; k < pattern.length; k += 1) {
    if (buf[start + k] !== pattern[k]) return false;
  }
  return true;
};
