import { withReadProgress } from '../../src/analyze/read-progress';

async function* chunksOf(sizes: number[]): AsyncGenerator<Buffer> {
  for (const size of sizes) yield Buffer.alloc(size);
}

describe('withReadProgress', () => {
  it('reports how far it has read at most every interval, and passes every byte through', async () => {
    let clock = 0;
    const lines: string[] = [];
    const mb = 1024 * 1024;
    const seen: number[] = [];
    const progress = withReadProgress(chunksOf([mb, mb, mb, mb]), { totalBytes: 4 * mb, everyMs: 2000, report: (l) => lines.push(l), now: () => clock });
    for await (const chunk of progress) {
      seen.push(chunk.length);
      clock += 1500;
    }
    expect(seen).toEqual([mb, mb, mb, mb]);
    expect(lines).toEqual(['3 of 4 MB read (75%)']);
  });

  it('says nothing for an input read quickly, and reports bytes alone when the size is unknown', async () => {
    const quiet: string[] = [];
    for await (const chunk of withReadProgress(chunksOf([10, 10]), { totalBytes: 20, everyMs: 2000, report: (l) => quiet.push(l), now: () => 0 })) expect(chunk.length).toBe(10);
    expect(quiet).toEqual([]);
    let clock = 0;
    const piped: string[] = [];
    for await (const chunk of withReadProgress(chunksOf([3 * 1024 * 1024]), { totalBytes: null, everyMs: 1, report: (l) => piped.push(l), now: () => (clock += 5) })) expect(chunk.length).toBeGreaterThan(0);
    expect(piped).toEqual(['3 MB read']);
  });
});
