import { readFileSync } from 'node:fs';
import { join } from 'node:path';

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
  readonly find_anchors: (from: number, to: number, tables: number, out: number) => number;
}

let compiled: object | null = null;
const kernelModule = (): object => {
  compiled ??= new wasm.Module(readFileSync(join(__dirname, 'scan-kernel.wasm')));
  return compiled;
};

const PAGE = 64 * 1024;
/** Where callers' anchor tables go (bytes 0-15 are the kernel's scratch). */
const TABLES_AT = 64;
export const ANCHOR_TABLE_BYTES = 96;
/** Anchor hits, two i32 each: 8 bytes per position of the range a call covers. */
const OUT_AT = PAGE;
const OUT_BYTES = 1024 * 1024;
/** Positions one `find_anchors` call may cover: its worst case fills the output exactly. */
const ANCHOR_RANGE = OUT_BYTES / 8;
const INPUT_AT = OUT_AT + OUT_BYTES;
/** The kernel reads 16-byte blocks and two bytes beyond: mapped memory after any input. */
const READ_PAST = 32;

export class ScanArena {
  private readonly kernel: KernelExports;
  /** Bytes of input the memory holds now; grown, never shrunk, as the kernel's memory is. */
  private capacity: number;

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

  /**
   * Every position p in buf[from, to) where some anchor of `tables` (see anchorTables) starts,
   * ascending, with the bits of the anchors found there: pushed on `out` as pairs. `buf` is a view
   * of this arena.
   */
  findAnchors(buf: Uint8Array, from: number, to: number, tables: Uint8Array, out: number[]): void {
    new Uint8Array(this.kernel.memory.buffer).set(tables, TABLES_AT);
    const words = new Int32Array(this.kernel.memory.buffer, OUT_AT, OUT_BYTES / 4);
    const base = buf.byteOffset;
    for (let start = from; start < to; start += ANCHOR_RANGE) {
      const outEnd = this.kernel.find_anchors(base + start, base + Math.min(to, start + ANCHOR_RANGE), TABLES_AT, OUT_AT);
      for (let word = 0; word < (outEnd - OUT_AT) / 4; word += 2) out.push(words[word]! - base, words[word + 1]!);
    }
  }
}

/**
 * Up to eight 3-byte anchors as the kernel's six nibble tables: anchor k sets bit k in the low and
 * high table of each of its bytes, so a position matches anchor k where all six lookups have bit k.
 */
export const anchorTables = (anchors: readonly Uint8Array[]): Uint8Array => {
  if (anchors.length > 8) throw new RangeError(`at most 8 anchors per table, got ${anchors.length}`);
  const tables = new Uint8Array(ANCHOR_TABLE_BYTES);
  anchors.forEach((anchor, bucket) => {
    if (anchor.length !== 3) throw new RangeError('anchors are 3 bytes long');
    for (let at = 0; at < 3; at += 1) {
      const byte = anchor[at]!;
      const low = at * 32 + (byte & 15);
      const high = at * 32 + 16 + (byte >> 4);
      tables[low] = tables[low]! | (1 << bucket);
      tables[high] = tables[high]! | (1 << bucket);
    }
  });
  return tables;
};
