import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AnchorPass, LiteralTables } from './literal-tables';

/**
 * Memory the scan kernel (scan-kernel.wat) can read, and the kernel's loops over it. WebAssembly
 * reads only its own memory, so the bytes to scan live here: the log scanner keeps its window in an
 * arena, and other callers' bytes are copied in.
 */

/** The part of the WebAssembly API used here: its types are in TypeScript's DOM library, which this project does not load. */
interface WasmApi {
  readonly Module: new (bytes: Uint8Array) => object;
  readonly Instance: new (module: object, imports: object) => { readonly exports: unknown };
}
const wasm = (globalThis as unknown as { readonly WebAssembly: WasmApi }).WebAssembly;

interface KernelExports {
  readonly memory: { readonly buffer: ArrayBuffer; grow(pages: number): number };
  readonly count_newlines: (from: number, to: number) => number;
  readonly scan_table: (from: number, to: number, bufEnd: number, window: number, table: number, out: number) => number;
  readonly scan_table_lanes: (from: number, to: number, bufEnd: number, window: number, table: number, out: number, laneBytes: number) => void;
  readonly find_anchored: (anchorsFrom: number, anchorsTo: number, from: number, to: number, bufEnd: number, pass: number, out: number) => number;
}

let compiled: object | null = null;
const kernelModule = (): object => {
  compiled ??= new wasm.Module(readFileSync(join(__dirname, 'scan-kernel.wasm')));
  return compiled;
};

const PAGE = 64 * 1024;
/** Where the kernel leaves the output ends of scan_table_lanes (bytes 0-15 are its scratch). */
const LANE_ENDS_AT = 16;
/** Where literal tables go (see literal-tables.ts), up to the output. */
export const LITERAL_TABLES_AT = 4096;
/** Literal starts, one i32 each. */
const OUT_AT = 1024 * 1024;
const OUT_BYTES = 1024 * 1024;
const INPUT_AT = OUT_AT + OUT_BYTES;
/** A range the shift table is scanned over in one call: four lanes, each with a quarter of the output. */
const TABLE_RANGE = OUT_BYTES / 4;
/** Ranges shorter than this are scanned in one lane: splitting costs more than it saves. */
const LANE_MIN_BYTES = 4096;
/** The kernel reads 16-byte blocks and two bytes beyond: mapped memory after any input. */
const READ_PAST = 32;

export class ScanArena {
  private readonly kernel: KernelExports;
  /** Bytes of input the memory holds now; grown, never shrunk, as the kernel's memory is. */
  private capacity: number;
  private loaded: LiteralTables | null = null;

  constructor() {
    this.kernel = new wasm.Instance(kernelModule(), {}).exports as unknown as KernelExports;
    this.capacity = this.kernel.memory.buffer.byteLength - INPUT_AT - READ_PAST;
  }

  /**
   * The first `length` bytes of the arena's input, as a fresh view: bytes already there are kept
   * when it grows, but views taken before a growth no longer see them.
   */
  input(length: number): Buffer {
    if (length > this.capacity) {
      const needed = INPUT_AT + length + READ_PAST - this.kernel.memory.buffer.byteLength;
      // Doubling keeps a growing window from paying a grow per chunk.
      this.kernel.memory.grow(Math.max(Math.ceil(needed / PAGE), this.kernel.memory.buffer.byteLength / PAGE));
      this.capacity = this.kernel.memory.buffer.byteLength - INPUT_AT - READ_PAST;
    }
    return Buffer.from(this.kernel.memory.buffer, INPUT_AT, length);
  }

  /** Whether `buf` is a view of this arena's input (taken since its last growth). */
  holds(buf: Uint8Array): boolean {
    return buf.buffer === this.kernel.memory.buffer && buf.byteOffset >= INPUT_AT;
  }

  /** Line breaks in buf[from, to); `buf` is a view of this arena. */
  countNewlines(buf: Uint8Array, from: number, to: number): number {
    if (to <= from) return 0;
    return this.kernel.count_newlines(buf.byteOffset + from, buf.byteOffset + to);
  }

  /** Puts `tables` where the kernel reads them, once per arena and tables. */
  private use(tables: LiteralTables): void {
    if (this.loaded === tables) return;
    if (tables.base !== LITERAL_TABLES_AT || tables.base + tables.image.length > OUT_AT) {
      throw new RangeError(`literal tables of ${tables.image.length} bytes at ${tables.base} do not fit before the kernel's output at ${OUT_AT}`);
    }
    new Uint8Array(this.kernel.memory.buffer).set(tables.image, tables.base);
    this.loaded = tables;
  }

  /** Pushes on `out` the starts in buf[from, to) of the shift table's literals, ascending. `buf` is a view of this arena. */
  scanTable(buf: Uint8Array, from: number, to: number, tables: LiteralTables, out: number[]): void {
    const { table } = tables;
    if (table === null) return;
    this.use(tables);
    const base = buf.byteOffset;
    const bufEnd = base + buf.length;
    const words = new Int32Array(this.kernel.memory.buffer, 0, (OUT_AT + OUT_BYTES) / 4);
    for (let start = from; start < to; start += TABLE_RANGE) {
      const end = Math.min(to, start + TABLE_RANGE);
      if (end - start < LANE_MIN_BYTES) {
        const outEnd = this.kernel.scan_table(base + start, base + end, bufEnd, table.window, table.at, OUT_AT);
        for (let word = OUT_AT / 4; word < outEnd / 4; word += 1) out.push(words[word]! - base);
        continue;
      }
      this.kernel.scan_table_lanes(base + start, base + end, bufEnd, table.window, table.at, OUT_AT, OUT_BYTES / 4);
      for (let lane = 0; lane < 4; lane += 1) {
        const laneEnd = words[LANE_ENDS_AT / 4 + lane]!;
        for (let word = (OUT_AT + (lane * OUT_BYTES) / 4) / 4; word < laneEnd / 4; word += 1) out.push(words[word]! - base);
      }
    }
  }

  /**
   * Pushes on `out` the starts in buf[from, to) of the literals of `pass`, whose anchors are
   * looked for up to `anchorsTo`: ordered by anchor, not by start. `buf` is a view of this arena.
   */
  findAnchored(buf: Uint8Array, from: number, to: number, anchorsTo: number, tables: LiteralTables, pass: AnchorPass, out: number[]): void {
    this.use(tables);
    const base = buf.byteOffset;
    const words = new Int32Array(this.kernel.memory.buffer, OUT_AT, OUT_BYTES / 4);
    // Each position can give at most this many starts: the output always has room for a call.
    const range = Math.max(1, Math.floor(OUT_BYTES / 4 / Math.max(1, pass.startsPerPosition)));
    for (let start = from; start < anchorsTo; start += range) {
      const end = Math.min(anchorsTo, start + range);
      const outEnd = this.kernel.find_anchored(base + start, base + end, base + from, base + to, base + buf.length, pass.at, OUT_AT);
      for (let word = 0; word < (outEnd - OUT_AT) / 4; word += 1) out.push(words[word]! - base);
    }
  }
}
