/**
 * Finds any of a set of byte literals in a Buffer in one pass (Wu-Manber with 2-byte blocks). It is
 * the prefilter that lets the log scanner skip lines no signature can match without decoding them:
 * the shift table jumps up to `shortest literal - 1` bytes per step, so the scan touches only a
 * fraction of the bytes, which is how it keeps up with grep.
 */
export interface LiteralHit {
  /** Offset of the literal's first byte. */
  readonly position: number;
  readonly literalIndex: number;
}

const BLOCK = 2;
const TABLE_SIZE = 1 << 16;

export class MultiLiteralFinder {
  readonly literals: readonly string[];
  private readonly window: number;
  private readonly shift: Uint8Array;
  /** For a zero shift: the literals whose first `window` bytes end with that block. */
  private readonly candidates: (readonly number[] | undefined)[];
  private readonly patterns: readonly Uint8Array[];

  constructor(literals: readonly string[]) {
    if (literals.length === 0) throw new RangeError('MultiLiteralFinder needs at least one literal');
    this.literals = literals;
    this.patterns = literals.map((literal) => Buffer.from(literal, 'latin1'));
    this.window = Math.min(...this.patterns.map((p) => p.length));
    if (this.window < BLOCK + 1) throw new RangeError(`literals must be at least ${BLOCK + 1} bytes long`);
    const maxShift = Math.min(255, this.window - BLOCK + 1);
    this.shift = new Uint8Array(TABLE_SIZE).fill(maxShift);
    this.candidates = new Array<readonly number[] | undefined>(TABLE_SIZE);
    this.patterns.forEach((pattern, index) => {
      for (let end = BLOCK; end <= this.window; end += 1) {
        const block = ((pattern[end - 2] ?? 0) << 8) | (pattern[end - 1] ?? 0);
        const distance = this.window - end;
        if (distance < (this.shift[block] ?? maxShift)) this.shift[block] = distance;
        if (distance === 0) this.candidates[block] = [...(this.candidates[block] ?? []), index];
      }
    });
  }

  /**
   * The first literal occurrence starting in [from, to), or null. The literal itself may extend past
   * `to` (callers pass line-aligned bounds, and literals never contain a newline).
   */
  findFirst(buf: Uint8Array, from: number, to: number): LiteralHit | null {
    const { shift, candidates, patterns, window } = this;
    const limit = Math.min(to + window - 1, buf.length);
    let end = from + window - 1;
    while (end < limit) {
      const block = (buf[end - 1]! << 8) | buf[end]!;
      const skip = shift[block]!;
      if (skip !== 0) {
        end += skip;
        continue;
      }
      const start = end - window + 1;
      const list = candidates[block];
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
