/**
 * Slots of memory shared with the worker thread, for jobs that borrow their chunks: a chunk is
 * copied into the next slot instead of being handed over in a buffer of its own. A 200 MB log read
 * in fresh 1 MB buffers costs a page fault per 4 KB on both threads (a tenth of a CPU second);
 * slots are mapped once and reused. A slot is written again only after the worker took the chunk
 * it held, that is after the job asked for the one after it.
 */
export class ChunkRing {
  readonly shared: SharedArrayBuffer;
  /** Per slot, the input offset at which the chunk it holds ends: free once that much was taken. */
  private readonly heldUntil: number[];
  private next = 0;

  constructor(
    slots: number,
    readonly slotBytes: number,
  ) {
    this.shared = new SharedArrayBuffer(slots * slotBytes);
    this.heldUntil = new Array<number>(slots).fill(0);
  }

  fits(chunk: Uint8Array): boolean {
    return chunk.length <= this.slotBytes;
  }

  /** Bytes the worker must have taken before the next slot can be written. */
  get nextFreeAt(): number {
    return this.heldUntil[this.next]!;
  }

  /** Copies `chunk` into the next slot, which holds it until `endOffset` is taken; returns the slot. */
  put(chunk: Uint8Array, endOffset: number): number {
    const slot = this.next;
    new Uint8Array(this.shared, slot * this.slotBytes, chunk.length).set(chunk);
    this.heldUntil[slot] = endOffset;
    this.next = (slot + 1) % this.heldUntil.length;
    return slot;
  }
}
