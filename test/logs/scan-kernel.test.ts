import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ScanArena } from '../../src/logs/scan-arena';

const { compileScanKernel } = require('../../bin/build-scan-kernel.js') as { compileScanKernel: () => Promise<Buffer> };

const naiveNewlines = (bytes: Uint8Array, from: number, to: number): number => bytes.subarray(from, to).filter((byte) => byte === 10).length;

/** The bytes, in a fresh arena, starting `offset` bytes into its input (views of an arena need not start at its front). */
const inArena = (bytes: Uint8Array, offset = 0): { arena: ScanArena; view: Buffer } => {
  const arena = new ScanArena();
  const view = arena.input(offset + bytes.length).subarray(offset);
  view.set(bytes);
  return { arena, view };
};

describe('the scan kernel (WebAssembly SIMD)', () => {
  it('is built from its text: the committed scan-kernel.wasm is what npm run build:kernel makes of scan-kernel.wat', async () => {
    const committed = readFileSync(join(__dirname, '..', '..', 'src', 'logs', 'scan-kernel.wasm'));
    expect((await compileScanKernel()).equals(committed)).toBe(true);
  });

  it('counts the line breaks of any range, whatever its length and alignment', () => {
    // A third of the bytes are line breaks, the rest anything.
    const text = fc.uint8Array({ maxLength: 600 }).map((raw) => raw.map((b) => (b % 3 === 0 ? 10 : b)));
    fc.assert(
      fc.property(text, fc.nat(), fc.nat(), fc.nat({ max: 15 }), (bytes, a, b, offset) => {
        const [from, to] = [a % (bytes.length + 1), b % (bytes.length + 1)].sort((x, y) => x - y) as [number, number];
        const { arena, view } = inArena(bytes, offset);
        expect(arena.countNewlines(view, from, to)).toBe(naiveNewlines(bytes, from, to));
      }),
      { numRuns: 300 },
    );
  });

  it('counts past the point where its per-byte counters would wrap (255 blocks of 16 bytes)', () => {
    const bytes = Buffer.alloc(300_000, 10);
    const { arena, view } = inArena(bytes);
    expect(arena.countNewlines(view, 0, bytes.length)).toBe(300_000);
    expect(arena.countNewlines(view, 7, 299_993)).toBe(299_986);
  });

  it('keeps the bytes it holds when its memory grows, and only views taken after it grew see them', () => {
    const arena = new ScanArena();
    const small = arena.input(10);
    small.write('0123456789');
    const large = arena.input(8 * 1024 * 1024);
    expect(large.subarray(0, 10).toString()).toBe('0123456789');
    expect(arena.holds(large)).toBe(true);
    expect(arena.holds(small)).toBe(false);
    expect(arena.holds(Buffer.from('0123456789'))).toBe(false);
  });
});
