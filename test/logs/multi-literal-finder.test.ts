import fc from 'fast-check';
import { MultiLiteralFinder } from '../../src/logs/multi-literal-finder';

const naiveFirst = (text: string, literals: readonly string[]): number => {
  const positions = literals.map((literal) => text.indexOf(literal)).filter((at) => at !== -1);
  return positions.length === 0 ? -1 : Math.min(...positions);
};

describe('MultiLiteralFinder', () => {
  it('finds the earliest occurrence of any literal, like indexOf over each', () => {
    const alphabet = fc.constantFrom('a', 'b', 'n', 'o', 'd', 'e', ' ', '\n');
    // 3 to 12 bytes: both the short literals searched one by one and the shift table's.
    const word = fc.array(alphabet, { minLength: 3, maxLength: 12 }).map((chars) => chars.join(''));
    fc.assert(
      fc.property(fc.array(word, { minLength: 1, maxLength: 5 }), fc.array(alphabet, { maxLength: 300 }), (literals, chars) => {
        const text = chars.join('');
        const hit = new MultiLiteralFinder(literals).findFirst(Buffer.from(text, 'latin1'), 0, text.length);
        expect(hit?.position ?? -1).toBe(naiveFirst(text, literals));
      }),
      { numRuns: 300 },
    );
  });

  it('walks every occurrence in order when called again from past each hit, as the scanner does', () => {
    const alphabet = fc.constantFrom('a', 'b', 'n', 'o', 'd', ' ');
    const word = fc.array(alphabet, { minLength: 3, maxLength: 10 }).map((chars) => chars.join(''));
    fc.assert(
      fc.property(fc.array(word, { minLength: 1, maxLength: 5 }), fc.array(alphabet, { maxLength: 400 }), (literals, chars) => {
        const text = chars.join('');
        const finder = new MultiLiteralFinder(literals);
        const buffer = Buffer.from(text, 'latin1');
        const found: number[] = [];
        for (let hit = finder.findFirst(buffer, 0, text.length); hit !== null; hit = finder.findFirst(buffer, hit.position + 1, text.length)) found.push(hit.position);
        const expected = [...text].flatMap((_, at) => (literals.some((literal) => text.startsWith(literal, at)) ? [at] : []));
        expect(found).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });

  it('refuses literals too short to skip with', () => {
    expect(() => new MultiLiteralFinder(['ab'])).toThrow(RangeError);
  });
});
