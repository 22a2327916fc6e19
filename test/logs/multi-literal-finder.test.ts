import fc from 'fast-check';
import { MultiLiteralFinder } from '../../src/logs/multi-literal-finder';

const naiveAll = (text: string, literals: readonly string[], from = 0, to = text.length): number[] =>
  [...text].flatMap((_, at) => (at >= from && at < to && literals.some((literal) => text.startsWith(literal, at)) ? [at] : []));

describe('MultiLiteralFinder', () => {
  it('finds every occurrence of any literal, in order, like startsWith at each position', () => {
    const alphabet = fc.constantFrom('a', 'b', 'n', 'o', 'd', 'e', ' ', '\n');
    // 3 to 12 bytes: both the short literals searched one by one and the shift table's.
    const word = fc.array(alphabet, { minLength: 3, maxLength: 12 }).map((chars) => chars.join(''));
    fc.assert(
      fc.property(fc.array(word, { minLength: 1, maxLength: 5 }), fc.array(alphabet, { maxLength: 300 }), (literals, chars) => {
        const text = chars.join('');
        expect([...new MultiLiteralFinder(literals).findAll(Buffer.from(text, 'latin1'), 0, text.length)]).toEqual(naiveAll(text, literals));
      }),
      { numRuns: 300 },
    );
  });

  it('finds them in long ranges too, which it scans in four lanes at once, and only inside [from, to)', () => {
    const alphabet = fc.constantFrom('a', 'b', 'n', 'o', 'd', ' ', '\n');
    const word = fc.array(alphabet, { minLength: 3, maxLength: 10 }).map((chars) => chars.join(''));
    const piece = fc.array(alphabet, { minLength: 1, maxLength: 200 }).map((chars) => chars.join(''));
    fc.assert(
      fc.property(fc.array(word, { minLength: 1, maxLength: 5 }), fc.array(piece, { minLength: 1, maxLength: 200 }), fc.nat(), fc.nat(), (literals, pieces, a, b) => {
        const text = pieces.join('').repeat(3);
        const [from, to] = [a % (text.length + 1), b % (text.length + 1)].sort((x, y) => x - y) as [number, number];
        expect([...new MultiLiteralFinder(literals).findAll(Buffer.from(text, 'latin1'), from, to)]).toEqual(naiveAll(text, literals, from, to));
      }),
      { numRuns: 200 },
    );
  });

  it('finds a literal that starts at a lane boundary or at the end of the range and runs past it', () => {
    const text = `${'x'.repeat(8191)}rabbit on node${'y'.repeat(8192)}rabbit on node`;
    const finder = new MultiLiteralFinder(['rabbit on node', 'node ']);
    expect([...finder.findAll(Buffer.from(text, 'latin1'), 0, text.length)]).toEqual(naiveAll(text, ['rabbit on node', 'node ']));
    expect([...finder.findAll(Buffer.from(text, 'latin1'), 0, 8192)]).toEqual([8191]);
  });

  it('counts a literal with followers only where one of them starts within the bound after it, on its line', () => {
    const alphabet = fc.constantFrom('a', 'n', 'o', 'd', 'e', 'u', 'p', ' ', '\n');
    const followers = new Map([['node ', { within: 6, by: [' up', 'up\n'] }]]);
    const literals = ['node ', 'rabbit on node'];
    const followed = (text: string, at: number): boolean => {
      const after = at + 'node '.length;
      for (let k = after; k < Math.min(after + 6, text.length); k += 1) {
        if (text.startsWith(' up', k) || text.startsWith('up\n', k)) return true;
        if (text[k] === '\n') return false;
      }
      return false;
    };
    fc.assert(
      fc.property(fc.array(fc.oneof(alphabet, fc.constant('node '), fc.constant('rabbit on node')), { maxLength: 400 }), (pieces) => {
        const text = pieces.join('');
        const expected = naiveAll(text, literals).filter((at) => !text.startsWith('node ', at) || text.startsWith('rabbit on node', at) || followed(text, at));
        expect([...new MultiLiteralFinder(literals, followers).findAll(Buffer.from(text, 'latin1'), 0, text.length)]).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });

  it('finds literals that straddle the points where the kernel splits a long range into calls and lanes', () => {
    const literals = ['rabbit on node', 'inconsistent_cluster', 'node ', ' down: ', 'nodedown'];
    const text = Buffer.alloc(4 * 256 * 1024 + 1000, 'x');
    // Around every 64 KB mark (lanes) and 256 KB mark (calls), each literal starting a little before it.
    for (let mark = 64 * 1024; mark < text.length - 200; mark += 64 * 1024) {
      literals.forEach((literal, k) => text.write(literal, mark - 7 + k * 25, 'latin1'));
    }
    const asText = text.toString('latin1');
    expect([...new MultiLiteralFinder(literals).findAll(text, 0, text.length)]).toEqual(naiveAll(asText, literals));
    expect([...new MultiLiteralFinder(literals).findAll(text, 1000, 300_000)]).toEqual(naiveAll(asText, literals, 1000, 300_000));
  });

  it('finds a literal that starts in a range shorter than itself (a CI counterexample: the copy for the kernel ended at the range)', () => {
    expect([...new MultiLiteralFinder(['aaa']).findAll(Buffer.from('aaa'), 0, 1)]).toEqual([0]);
    expect([...new MultiLiteralFinder(['node ', 'rabbit on node']).findAll(Buffer.from('xx rabbit on node'), 3, 4)]).toEqual([3]);
  });

  it('refuses literals too short to skip with', () => {
    expect(() => new MultiLiteralFinder(['ab'])).toThrow(RangeError);
  });
});
