import { anchorTables, ScanArena } from './scan-arena';

/**
 * Finds every occurrence of a set of byte literals in a Buffer in one pass (Wu-Manber with 3-byte
 * blocks). It is the prefilter that lets the log scanner skip lines no signature can match without
 * decoding them: the shift table jumps up to `window - 2` bytes per step, so the scan touches only
 * a fraction of the bytes, which is how it keeps up with grep.
 *
 * The jump is bounded by the shortest literal, so literals too short to jump far (" down: ",
 * "node ") are not part of the table: they share a few 3-byte anchors that the scan kernel finds
 * 16 bytes at a time, and each anchor hit is checked against the literals that hold it.
 */
const BLOCK = 3;
const TABLE_SIZE = 1 << 16;
/**
 * Literals shorter than this are found by their anchors rather than shortening every jump. Measured
 * on the bench's two logs (7, 8, 10, 13): 10 gives about 7 bytes per step instead of 4.6 at 7, and
 * no choice was faster on both.
 */
const MIN_TABLE_LITERAL = 10;
/** Ranges shorter than this are scanned in one lane: splitting costs more than it saves. */
const LANE_MIN_BYTES = 4096;
/** Anchors the kernel looks for in one pass over the bytes. */
const ANCHORS_PER_PASS = 8;

/** Three bytes folded into the table index; collisions only cost an extra verification. */
const blockHash = (a: number, b: number, c: number): number => ((a << 11) ^ (b << 5) ^ c) & (TABLE_SIZE - 1);

/**
 * What most of a broker's log is, from the lab's 3.10 nodes: client chatter and boot lines. An
 * anchor these lines are full of ("con" of "connection") would stop the scan on every line.
 */
const TYPICAL_LOG = [
  '2026-11-24 23:43:53.830244+00:00 [info] <0.1589.0> accepting AMQP connection <0.1589.0> (127.0.0.1:52244 -> 127.0.0.1:5672)',
  "2026-11-24 23:43:53.882968+00:00 [info] <0.1589.0> connection <0.1589.0> (127.0.0.1:52244 -> 127.0.0.1:5672): user 'guest' authenticated and granted access to vhost '/'",
  "2026-11-24 23:43:53.889855+00:00 [info] <0.1589.0> closing AMQP connection <0.1589.0> (127.0.0.1:52244 -> 127.0.0.1:5672, vhost: '/', user: 'guest')",
  '2026-11-24 23:45:26.704449+00:00 [info] <0.223.0>  node           : rabbit3@localhost',
  '2026-11-24 23:45:26.704449+00:00 [info] <0.223.0>  database dir   : /srv/rmqlab/rabbit3/mnesia/rabbit3@localhost',
  '2026-11-24 23:45:28.365057+00:00 [info] <0.223.0> Running boot step rabbit_global_counters defined by app rabbit',
  '2026-11-24 23:45:28.374648+00:00 [info] <0.290.0> Will use 2 processes for default worker pool',
  '2026-11-24 23:45:28.375107+00:00 [info] <0.223.0> Discovered no peer nodes to cluster with. Some discovery backends can filter nodes out based on a readiness criteria.',
  '2026-11-24 23:45:28.531538+00:00 [info] <0.223.0> Running boot step rabbit_node_monitor defined by app rabbit',
  '2026-11-24 23:45:28.542428+00:00 [info] <0.223.0> Setting up a table for connection tracking on this node: tracked_connection_on_node_rabbit3@localhost',
  '2026-11-24 23:45:30.376060+00:00 [info] <0.1463.0> rabbit on node rabbit1@localhost up',
  '2026-11-24 23:45:30.381473+00:00 [info] <0.1463.0> Successfully synced tables from a peer, inter-node communication is working',
].join('\n');

/** How often a 3-byte anchor occurs in typical log text, then how common its bytes are: lower is rarer. */
const anchorCost = (gram: string): [number, number] => {
  let occurrences = 0;
  for (let at = TYPICAL_LOG.indexOf(gram); at !== -1; at = TYPICAL_LOG.indexOf(gram, at + 1)) occurrences += 1;
  const common = [...gram].reduce((sum, char) => sum + TYPICAL_LOG.split(char).length - 1, 0);
  return [occurrences, common];
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

/** A short literal found through an anchor: it starts `offset` bytes before the anchor, for each offset where the anchor is in it. */
interface AnchoredLiteral {
  readonly index: number;
  readonly bytes: Uint8Array;
  readonly offsets: readonly number[];
}

/** One pass of the kernel: up to eight anchors, and per anchor the literals that hold it. */
interface AnchorPass {
  readonly tables: Uint8Array;
  readonly groups: readonly (readonly AnchoredLiteral[])[];
}

/** The block of `bytes` at `at` as a latin1 string, one character per byte. */
const blockAt = (bytes: Uint8Array, at: number): string => String.fromCharCode(bytes[at]!, bytes[at + 1]!, bytes[at + 2]!);

const offsetsOf = (bytes: Uint8Array, gram: string): number[] => {
  const offsets: number[] = [];
  for (let at = 0; at + BLOCK <= bytes.length; at += 1) if (blockAt(bytes, at) === gram) offsets.push(at);
  return offsets;
};

/**
 * Anchors for the short literals, chosen greedily: each time the rarest 3 bytes in typical log text
 * among those of the literals not yet anchored, and of equally rare ones the one most of them share
 * (the five ",emfile" forms share one).
 */
const anchorPasses = (short: readonly { index: number; bytes: Uint8Array }[]): AnchorPass[] => {
  const anchors: { gram: string; members: AnchoredLiteral[] }[] = [];
  let left = [...short];
  while (left.length > 0) {
    const holders = new Map<string, number>();
    for (const { bytes } of left) {
      const grams = new Set<string>();
      for (let at = 0; at + BLOCK <= bytes.length; at += 1) grams.add(blockAt(bytes, at));
      for (const gram of grams) holders.set(gram, (holders.get(gram) ?? 0) + 1);
    }
    const ranked = [...holders].map(([gram, count]) => ({ gram, count, cost: anchorCost(gram) }));
    ranked.sort((a, b) => a.cost[0] - b.cost[0] || b.count - a.count || a.cost[1] - b.cost[1]);
    const { gram } = ranked[0]!;
    const members = left.map(({ index, bytes }) => ({ index, bytes, offsets: offsetsOf(bytes, gram) }));
    anchors.push({ gram, members: members.filter(({ offsets }) => offsets.length > 0) });
    left = members.filter(({ offsets }) => offsets.length === 0);
  }
  const passes: AnchorPass[] = [];
  for (let first = 0; first < anchors.length; first += ANCHORS_PER_PASS) {
    const batch = anchors.slice(first, first + ANCHORS_PER_PASS);
    passes.push({ tables: anchorTables(batch.map(({ gram }) => Buffer.from(gram, 'latin1'))), groups: batch.map(({ members }) => members) });
  }
  return passes;
};

export class MultiLiteralFinder {
  readonly literals: readonly string[];
  /** Per literal, what must follow it for an occurrence to count; undefined: nothing. */
  private readonly followers: readonly (CompiledFollowers | undefined)[];
  private readonly window: number;
  private readonly shift: Uint8Array;
  /** For a zero shift: the literals whose first `window` bytes end with that block. */
  private readonly candidates: (readonly number[] | undefined)[];
  private readonly patterns: readonly Uint8Array[];
  private readonly anchorPasses: readonly AnchorPass[];
  /** The most bytes an anchor sits after its literal's start: how far past a range anchors are looked for. */
  private readonly maxAnchorOffset: number;
  /** Holds copies of callers' bytes for the kernel; made on first use. */
  private scratch: ScanArena | null = null;

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
    this.anchorPasses = anchorPasses(this.patterns.flatMap((bytes, index) => (bytes.length >= MIN_TABLE_LITERAL ? [] : [{ index, bytes }])));
    this.maxAnchorOffset = Math.max(0, ...this.anchorPasses.flatMap((pass) => pass.groups.flat().flatMap((literal) => literal.offsets)));
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
   * is reused by the next call. Bytes held by `arena` are scanned where they are; others are copied
   * into the finder's own arena first.
   */
  findAll(buf: Uint8Array, from: number, to: number, arena?: ScanArena): readonly number[] {
    const table = this.tableHits;
    table.length = 0;
    if (this.window !== 0) this.scanTable(buf, from, to, table);
    if (this.anchorPasses.length === 0 || to <= from) return table;
    const merged = this.merged;
    merged.length = 0;
    const short = this.shortHits(buf, from, to, arena);
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
  private readonly anchorHits: number[] = [];
  private readonly laneHits: [number[], number[], number[], number[]] = [[], [], [], []];

  /** Occurrences of the literals too short for the table, found through their anchors, ascending. */
  private shortHits(buf: Uint8Array, from: number, to: number, arena: ScanArena | undefined): readonly number[] {
    const found = this.shortFound;
    found.length = 0;
    // An anchor can sit after the range's end while its literal starts inside.
    const anchorsTo = Math.min(to + this.maxAnchorOffset, buf.length);
    let scanned = buf;
    let shift = 0;
    let kernel = arena;
    if (kernel === undefined || !kernel.holds(buf)) {
      this.scratch ??= new ScanArena();
      kernel = this.scratch;
      scanned = kernel.input(anchorsTo - from);
      scanned.set(buf.subarray(from, anchorsTo));
      shift = from;
    }
    const hits = this.anchorHits;
    for (const pass of this.anchorPasses) {
      hits.length = 0;
      kernel.findAnchors(scanned, from - shift, anchorsTo - shift, pass.tables, hits);
      for (let hit = 0; hit < hits.length; hit += 2) {
        const position = hits[hit]! + shift;
        for (let bits = hits[hit + 1]!; bits !== 0; bits &= bits - 1) {
          for (const { index, bytes, offsets } of pass.groups[31 - Math.clz32(bits & -bits)]!) {
            for (const offset of offsets) {
              const start = position - offset;
              if (start < from || start >= to || !matchesAt(buf, start, bytes)) continue;
              const follow = this.followers[index];
              if (follow === undefined || isFollowed(buf, start + bytes.length, follow)) found.push(start);
            }
          }
        }
      }
    }
    return found.length > 1 ? found.sort(ascending) : found;
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
