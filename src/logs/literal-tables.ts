/**
 * The tables the scan kernel (scan-kernel.wat) finds literals with, laid out as one image of bytes
 * for its memory: a Wu-Manber shift table for the literals long enough to jump far, and anchor
 * passes for the others. Pure: the same literals give the same image.
 */

/**
 * A literal too common to prefilter alone ("node " is in "inter-node" and in every boot banner):
 * its occurrence counts only when one of `by` starts within `within` bytes after it, on its line.
 */
export interface LiteralFollowers {
  readonly within: number;
  readonly by: readonly string[];
}

const BLOCK = 3;
const TABLE_SIZE = 1 << 16;
/**
 * Literals shorter than this are found by their anchors rather than shortening every jump. Measured
 * on the bench's two logs (7, 8, 10, 13): 10 gives about 7 bytes per step instead of 4.6 at 7, and
 * no choice was faster on both.
 */
const MIN_TABLE_LITERAL = 10;
/** Anchors the kernel looks for in one pass over the bytes: one bit each of a byte. */
const ANCHORS_PER_PASS = 8;

/** The block hash of the kernel's shift table; collisions only cost an extra comparison. */
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

/** The block of `bytes` at `at` as a latin1 string, one character per byte. */
const blockAt = (bytes: Uint8Array, at: number): string => String.fromCharCode(bytes[at]!, bytes[at + 1]!, bytes[at + 2]!);

const offsetsOf = (bytes: Uint8Array, gram: string): number[] => {
  const offsets: number[] = [];
  for (let at = 0; at + BLOCK <= bytes.length; at += 1) if (blockAt(bytes, at) === gram) offsets.push(at);
  return offsets;
};

interface Literal {
  readonly bytes: Uint8Array;
  readonly followers: LiteralFollowers | undefined;
}

/** An anchor and the literals that hold it, each at every offset where it does. */
interface Anchor {
  readonly gram: string;
  readonly members: readonly { readonly literal: Literal; readonly offsets: readonly number[] }[];
}

/**
 * Anchors for the literals not in the shift table, chosen greedily: each time the rarest 3 bytes
 * in typical log text among those of the literals not yet anchored, and of equally rare ones the
 * one most of them share (the five ",emfile" forms share one).
 */
const chooseAnchors = (literals: readonly Literal[]): Anchor[] => {
  const anchors: Anchor[] = [];
  let left = [...literals];
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
    const members = left.map((literal) => ({ literal, offsets: offsetsOf(literal.bytes, gram) }));
    anchors.push({ gram, members: members.filter(({ offsets }) => offsets.length > 0) });
    left = members.filter(({ offsets }) => offsets.length === 0).map(({ literal }) => literal);
  }
  return anchors;
};

/** One pass of the kernel over the bytes, for up to eight anchors. */
export interface AnchorPass {
  /** Address of the pass in the kernel's memory. */
  readonly at: number;
  /** The most starts one anchor position can give: bounds the kernel's output per position. */
  readonly startsPerPosition: number;
}

export interface LiteralTables {
  /** The bytes to place at `base` in the kernel's memory; every address inside assumes it. */
  readonly image: Uint8Array;
  readonly base: number;
  /** The shift table's address and its literals' shortest length, or null when no literal is in it. */
  readonly table: { readonly at: number; readonly window: number } | null;
  readonly passes: readonly AnchorPass[];
  /** How many bytes after a range's end a literal starting in it can read: its own and its followers'. */
  readonly reach: number;
  /** The most bytes an anchor sits after its literal's start: how far past a range anchors are looked for. */
  readonly maxAnchorOffset: number;
}

/** Appends bytes to the image and says where they went; addresses are absolute. */
class ImageWriter {
  private bytes = new Uint8Array(1024);
  length = 0;

  constructor(readonly base: number) {}

  reserve(size: number): number {
    const at = this.length;
    while (this.length + size > this.bytes.length) {
      const bigger = new Uint8Array(this.bytes.length * 2);
      bigger.set(this.bytes);
      this.bytes = bigger;
    }
    this.length += size;
    return at;
  }

  /** Writes `data` and returns its absolute address. */
  put(data: Uint8Array): number {
    const at = this.reserve(data.length);
    this.bytes.set(data, at);
    return this.base + at;
  }

  /** Writes i32 words and returns their absolute address. */
  words(values: readonly number[]): number {
    const at = this.reserve(values.length * 4);
    const view = new DataView(this.bytes.buffer);
    values.forEach((value, k) => view.setInt32(at + k * 4, value, true));
    return this.base + at;
  }

  setWord(address: number, value: number): void {
    new DataView(this.bytes.buffer).setInt32(address - this.base, value, true);
  }

  image(): Uint8Array {
    return this.bytes.slice(0, this.length);
  }
}

const nibbleTables = (grams: readonly string[]): Uint8Array => {
  const tables = new Uint8Array(96);
  grams.forEach((gram, bucket) => {
    for (let at = 0; at < BLOCK; at += 1) {
      const byte = gram.charCodeAt(at);
      const low = at * 32 + (byte & 15);
      const high = at * 32 + 16 + (byte >> 4);
      tables[low] = tables[low]! | (1 << bucket);
      tables[high] = tables[high]! | (1 << bucket);
    }
  });
  return tables;
};

/** Literals are bytes (latin1), at least 3 long; the image is laid out for the kernel's memory at `base`. */
export const literalTables = (literals: readonly Uint8Array[], followers: readonly (LiteralFollowers | undefined)[], base: number): LiteralTables => {
  const all = literals.map((bytes, index) => ({ bytes, followers: followers[index] }));
  // A literal with followers is checked by the anchor path, which knows followers.
  const long = all.filter(({ bytes, followers: follow }) => bytes.length >= MIN_TABLE_LITERAL && follow === undefined);
  const anchored = all.filter((literal) => !long.includes(literal));
  const writer = new ImageWriter(base);

  let table: LiteralTables['table'] = null;
  if (long.length > 0) {
    const window = Math.min(...long.map(({ bytes }) => bytes.length));
    const shift = new Uint8Array(TABLE_SIZE).fill(Math.min(255, window - BLOCK + 1));
    const candidates = new Map<number, Literal[]>();
    for (const literal of long) {
      for (let end = BLOCK; end <= window; end += 1) {
        const block = blockHash(literal.bytes[end - 3]!, literal.bytes[end - 2]!, literal.bytes[end - 1]!);
        const distance = window - end;
        if (distance < shift[block]!) shift[block] = distance;
        if (distance === 0) candidates.set(block, [...(candidates.get(block) ?? []), literal]);
      }
    }
    // The shift bytes first, then a word per block: the kernel finds a block's list 65536 bytes on.
    const shiftAt = writer.put(shift);
    writer.reserve(TABLE_SIZE * 4);
    for (const [block, list] of candidates) {
      const addresses = list.map(({ bytes }) => writer.put(bytes));
      writer.setWord(shiftAt + TABLE_SIZE + block * 4, writer.words([...list.flatMap(({ bytes }, k) => [addresses[k]!, bytes.length]), 0, 0]));
    }
    table = { at: shiftAt, window };
  }

  const anchors = chooseAnchors(anchored);
  const followerRecords = new Map<LiteralFollowers, number>();
  const followerRecord = (follow: LiteralFollowers): number => {
    let at = followerRecords.get(follow);
    if (at === undefined) {
      const by = follow.by.map((text) => Buffer.from(text, 'latin1'));
      const addresses = by.map((bytes) => writer.put(bytes));
      at = writer.words([follow.within, ...by.flatMap((bytes, k) => [addresses[k]!, bytes.length]), 0, 0]);
      followerRecords.set(follow, at);
    }
    return at;
  };
  const passes: AnchorPass[] = [];
  for (let first = 0; first < anchors.length; first += ANCHORS_PER_PASS) {
    const batch = anchors.slice(first, first + ANCHORS_PER_PASS);
    const lists = batch.map(({ members }) =>
      writer.words([
        ...members.flatMap(({ literal, offsets }) => {
          const address = writer.put(literal.bytes);
          const follow = literal.followers === undefined ? 0 : followerRecord(literal.followers);
          return offsets.flatMap((offset) => [address, literal.bytes.length, offset, follow]);
        }),
        0,
        0,
        0,
        0,
      ]),
    );
    const at = writer.put(nibbleTables(batch.map(({ gram }) => gram)));
    writer.words([...lists, ...new Array<number>(ANCHORS_PER_PASS - lists.length).fill(0)]);
    const startsPerPosition = batch.reduce((sum, { members }) => sum + members.reduce((count, { offsets }) => count + offsets.length, 0), 0);
    passes.push({ at, startsPerPosition });
  }
  const reach = Math.max(0, ...all.map(({ bytes, followers: follow }) => bytes.length + (follow === undefined ? 0 : follow.within + Math.max(...follow.by.map((text) => text.length)))));
  const maxAnchorOffset = Math.max(0, ...anchors.flatMap(({ members }) => members.flatMap(({ offsets }) => offsets)));
  return { image: writer.image(), base, table, passes, reach, maxAnchorOffset };
};
