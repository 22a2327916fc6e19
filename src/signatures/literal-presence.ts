/**
 * Which of a fixed set of literals occur in a text, in one pass over it: the answer `includes`
 * gives for each literal, without running `includes` once per literal per record (most records hold
 * one or two of the catalog's ninety literals). Positions are bucketed by their first two UTF-16
 * code units, and only literals that start with that pair are compared there.
 */
const BUCKETS = 1 << 12;
const bucketOf = (first: number, second: number): number => ((first << 5) ^ second) & (BUCKETS - 1);

const ascending = (a: number, b: number): number => a - b;

export class LiteralPresence {
  readonly literals: readonly string[];
  /** Per bucket, the indices of the literals whose first two code units fall in it. */
  private readonly buckets: (readonly number[] | undefined)[] = new Array<readonly number[] | undefined>(BUCKETS);
  private readonly seen: Uint8Array;
  private readonly found: number[] = [];

  constructor(literals: readonly string[]) {
    const tooShort = literals.find((literal) => literal.length < 2);
    if (tooShort !== undefined) throw new RangeError(`literals must be at least 2 characters long: ${JSON.stringify(tooShort)}`);
    this.literals = literals;
    this.seen = new Uint8Array(literals.length);
    literals.forEach((literal, index) => {
      const bucket = bucketOf(literal.charCodeAt(0), literal.charCodeAt(1));
      this.buckets[bucket] = [...(this.buckets[bucket] ?? []), index];
    });
  }

  /**
   * Indices of the literals `text` contains, ascending. The array is reused by the next call: read
   * it before calling again.
   */
  present(text: string): readonly number[] {
    const { buckets, literals, seen, found } = this;
    for (const index of found) seen[index] = 0;
    found.length = 0;
    let next = text.charCodeAt(0);
    for (let at = 0; at + 1 < text.length; at += 1) {
      const current = next;
      next = text.charCodeAt(at + 1);
      const candidates = buckets[bucketOf(current, next)];
      if (candidates === undefined) continue;
      for (const index of candidates) {
        if (seen[index] === 0 && text.startsWith(literals[index]!, at)) {
          seen[index] = 1;
          found.push(index);
        }
      }
    }
    return found.length > 1 ? found.sort(ascending) : found;
  }
}
