/**
 * Finds every occurrence of a set of byte literals in a Buffer in one pass (Wu-Manber with 3-byte
 * blocks). It is the prefilter that lets the log scanner skip lines no signature can match without
 * decoding them: the shift table jumps up to `window - 2` bytes per step, so the scan touches only
 * a fraction of the bytes, which is how it keeps up with grep.
 *
 * The jump is bounded by the shortest literal, so literals too short to jump far ("node ") are not
 * part of the table: each is found by its own native `indexOf` and merged in.
 */
const BLOCK = 3;
const TABLE_SIZE = 1 << 16;
/** Literals shorter than this are searched one by one rather than shortening every jump. */
const MIN_TABLE_LITERAL = 7;
/** Ranges shorter than this are scanned in one lane: splitting costs more than it saves. */
const LANE_MIN_BYTES = 4096;

/** Three bytes folded into the table index; collisions only cost an extra verification. */
const blockHash = (a: number, b: number, c: number): number => ((a << 11) ^ (b << 5) ^ c) & (TABLE_SIZE - 1);

interface ShortLiteral {
  readonly index: number;
  readonly bytes: Buffer;
  /** The literal from its rarest byte on, what `indexOf` looks for, and how far into the literal that starts. */
  readonly anchor: Buffer;
  readonly anchorAt: number;
}

/**
 * Bytes by how often they occur in log text, most common first (space, then English letters by
 * frequency). Native `indexOf` scans for a needle's first byte; starting the needle at the
 * literal's rarest byte ("de " for "node ") makes it stop less often: 3-4× faster on real logs.
 */
const COMMON_FIRST = ' etaoinsrhldcumfpgwybvkxjqz';
const commonness = (byte: number): number => {
  const at = COMMON_FIRST.indexOf(String.fromCharCode(byte).toLowerCase());
  return at === -1 ? 0 : COMMON_FIRST.length - at;
};

const shortLiteral = (index: number, bytes: Buffer): ShortLiteral => {
  let anchorAt = 0;
  for (let at = 1; at < bytes.length - 1; at += 1) if (commonness(bytes[at]!) < commonness(bytes[anchorAt]!)) anchorAt = at;
  return { index, bytes, anchor: bytes.subarray(anchorAt), anchorAt };
};

/**
 * A literal too common to prefilter alone ("node " is in "inter-node" and in every boot banner):
 * its occurrence counts only when one of `by` starts within `within` bytes after it, on its line.
 */
export interface LiteralFollowers {
  readonly within: number;
  readonly by: readonly string[];
}

interface CompiledFollowers {
  readonly within: number;
  readonly by: readonly Uint8Array[];
}

export class MultiLiteralFinder {
  readonly literals: readonly string[];
  /** Per literal, what must follow it for an occurrence to count; undefined: nothing. */
  private readonly followers: readonly (CompiledFollowers | undefined)[];
  private readonly window: number;
  private readonly shift: Uint8Array;
  /** For a zero shift: the literals whose first `window` bytes end with that block. */
  private readonly candidates: (readonly number[] | undefined)[];
  private readonly patterns: readonly Uint8Array[];
  private readonly short: readonly ShortLiteral[];

  constructor(literals: readonly string[], followers: ReadonlyMap<string, LiteralFollowers> = new Map()) {
    if (literals.length === 0) throw new RangeError('MultiLiteralFinder needs at least one literal');
    this.literals = literals;
    this.patterns = literals.map((literal) => Buffer.from(literal, 'latin1'));
    this.followers = literals.map((literal) => {
      const follow = followers.get(literal);
      return follow === undefined ? undefined : { within: follow.within, by: follow.by.map((text) => Buffer.from(text, 'latin1')) };
    });
    const tooShort = this.patterns.findIndex((pattern) => pattern.length < BLOCK);
    if (tooShort !== -1) throw new RangeError(`literals must be at least ${BLOCK} bytes long: ${JSON.stringify(literals[tooShort])}`);
    const long = this.patterns.flatMap((pattern, index) => (pattern.length >= MIN_TABLE_LITERAL ? [index] : []));
    this.short = this.patterns.flatMap((pattern, index) => (pattern.length >= MIN_TABLE_LITERAL ? [] : [shortLiteral(index, Buffer.from(pattern))]));
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
   * Every position in [from, to) where a literal starts, ascending, each once. A literal may extend
   * past `to` (callers pass line-aligned bounds, and literals never contain a newline). The array
   * is reused by the next call.
   */
  findAll(buf: Uint8Array, from: number, to: number): readonly number[] {
    const table = this.tableHits;
    table.length = 0;
    if (this.window !== 0) this.scanTable(buf, from, to, table);
    if (this.short.length === 0) return table;
    const merged = this.merged;
    merged.length = 0;
    const short = this.shortHits(buf, from, to);
    let t = 0;
    let u = 0;
    while (t < table.length || u < short.length) {
      const next = u === short.length || (t < table.length && table[t]! <= short[u]!) ? table[t++]! : short[u++]!;
      if (merged.length === 0 || merged[merged.length - 1] !== next) merged.push(next);
    }
    return merged;
  }

  private readonly tableHits: number[] = [];
  private readonly merged: number[] = [];
  private readonly shortFound: number[] = [];
  private readonly laneHits: [number[], number[], number[], number[]] = [[], [], [], []];

  /** Occurrences of the literals too short for the table, each found by native `indexOf` of its anchor, ascending. */
  private shortHits(buf: Uint8Array, from: number, to: number): readonly number[] {
    const found = this.shortFound;
    found.length = 0;
    for (const { index, bytes, anchor, anchorAt } of this.short) {
      const follow = this.followers[index];
      for (let at = Buffer.prototype.indexOf.call(buf, anchor, from + anchorAt); at !== -1 && at - anchorAt < to; at = Buffer.prototype.indexOf.call(buf, anchor, at + 1)) {
        const start = at - anchorAt;
        if (matchesAt(buf, start, bytes) && (follow === undefined || isFollowed(buf, start + bytes.length, follow))) found.push(start);
      }
    }
    return this.short.length > 1 ? found.sort(ascending) : found;
  }

  /**
   * Table literals starting in [from, to), into `out`. A long range is cut into four lanes scanned
   * side by side in one loop: each step of one lane waits on its own table lookup, so four
   * independent lanes keep the CPU busy where one would stall (about twice the bytes per second).
   */
  private scanTable(buf: Uint8Array, from: number, to: number, out: number[]): void {
    if (to - from < LANE_MIN_BYTES) {
      this.scanSegment(buf, from, to, out);
      return;
    }
    const { shift, window } = this;
    const quarter = Math.floor((to - from) / 4);
    const starts = [from, from + quarter, from + 2 * quarter, from + 3 * quarter, to] as const;
    const lanes = this.laneHits;
    const limit = (laneEnd: number): number => Math.min(laneEnd + window - 1, buf.length);
    const l0 = limit(starts[1]);
    const l1 = limit(starts[2]);
    const l2 = limit(starts[3]);
    const l3 = limit(starts[4]);
    let e0 = starts[0] + window - 1;
    let e1 = starts[1] + window - 1;
    let e2 = starts[2] + window - 1;
    let e3 = starts[3] + window - 1;
    for (const lane of lanes) lane.length = 0;
    while (e0 < l0 && e1 < l1 && e2 < l2 && e3 < l3) {
      const s0 = shift[blockHash(buf[e0 - 2]!, buf[e0 - 1]!, buf[e0]!)]!;
      const s1 = shift[blockHash(buf[e1 - 2]!, buf[e1 - 1]!, buf[e1]!)]!;
      const s2 = shift[blockHash(buf[e2 - 2]!, buf[e2 - 1]!, buf[e2]!)]!;
      const s3 = shift[blockHash(buf[e3 - 2]!, buf[e3 - 1]!, buf[e3]!)]!;
      e0 += s0 === 0 ? this.verify(buf, e0, lanes[0]) : s0;
      e1 += s1 === 0 ? this.verify(buf, e1, lanes[1]) : s1;
      e2 += s2 === 0 ? this.verify(buf, e2, lanes[2]) : s2;
      e3 += s3 === 0 ? this.verify(buf, e3, lanes[3]) : s3;
    }
    // Each lane finishes alone from where it stopped, then the lanes' hits join in order.
    [e0, e1, e2, e3].forEach((end, lane) => {
      const hits = lanes[lane]!;
      this.scanSegment(buf, end - window + 1, starts[lane + 1]!, hits);
      for (const position of hits) out.push(position);
    });
  }

  /** Table literals starting in [from, to), one lane. */
  private scanSegment(buf: Uint8Array, from: number, to: number, out: number[]): void {
    const { shift, window } = this;
    const limit = Math.min(to + window - 1, buf.length);
    let end = from + window - 1;
    while (end < limit) {
      const skip = shift[blockHash(buf[end - 2]!, buf[end - 1]!, buf[end]!)]!;
      end += skip === 0 ? this.verify(buf, end, out) : skip;
    }
  }

  /** At a zero shift: records the position when a literal starts `window - 1` bytes before `end`; the next step is 1. */
  private verify(buf: Uint8Array, end: number, out: number[]): number {
    const start = end - this.window + 1;
    const list = this.candidates[blockHash(buf[end - 2]!, buf[end - 1]!, buf[end]!)];
    if (list !== undefined) {
      for (const index of list) {
        const pattern = this.patterns[index]!;
        const follow = this.followers[index];
        if (matchesAt(buf, start, pattern) && (follow === undefined || isFollowed(buf, start + pattern.length, follow))) {
          out.push(start);
          break;
        }
      }
    }
    return 1;
  }
}

const ascending = (a: number, b: number): number => a - b;

const matchesAt = (buf: Uint8Array, start: number, pattern: Uint8Array): boolean => {
  if (start + pattern.length > buf.length) return false;
  for (let k = 0; k < pattern.length; k += 1) {
    if (buf[start + k] !== pattern[k]) return false;
  }
  return true;
};

/** Whether one of `follow.by` starts in the `follow.within` bytes from `from`, before the line ends. */
const isFollowed = (buf: Uint8Array, from: number, follow: CompiledFollowers): boolean => {
  const limit = Math.min(from + follow.within, buf.length);
  for (let at = from; at < limit; at += 1) {
    const byte = buf[at]!;
    if (byte === 10) return false;
    for (const pattern of follow.by) if (byte === pattern[0] && matchesAt(buf, at, pattern)) return true;
  }
  return false;
};
