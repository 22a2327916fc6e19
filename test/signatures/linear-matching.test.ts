import fc from 'fast-check';
import { LogScanner } from '../../src/logs/log-scanner';
import { MultiLiteralFinder } from '../../src/logs/multi-literal-finder';
import { MAX_RECORD_CHARS, MAX_RECORD_LINES } from '../../src/logs/record-assembler';
import { catalogLiterals, signatureCatalog } from '../../src/signatures/catalog';
import { flattenMessage } from '../../src/signatures/match-record';
import type { LogMatcher } from '../../src/signatures/signature';

/**
 * Issue 12: a record could freeze the bot for minutes because some catalog patterns backtracked
 * quadratically. Two guarantees replace that: every pattern runs on a bounded record, and every
 * pattern's cost grows linearly in that record's length.
 */
const matchers: readonly (readonly [string, LogMatcher])[] = signatureCatalog.flatMap((s) => s.logMatchers.map((m, i) => [`${s.id}#${i}`, m] as const));

/** Characters a pattern spells out literally, plus the separators Erlang terms are made of. */
const alphabetOf = (pattern: RegExp): string[] => [
  ...new Set(`${pattern.source.replace(/\\[sSwWdDbB]/g, '').replace(/\\(.)/g, '$1')}a0_.- '@,[]{}":`.split('')),
];

/** Best of three, so one GC pause or a busy neighbour does not decide. */
const costMs = (pattern: RegExp, text: string): number => {
  const global = new RegExp(pattern.source, `${pattern.flags.replace('g', '')}g`);
  let best = Infinity;
  for (let round = 0; round < 3; round += 1) {
    const started = performance.now();
    global.lastIndex = 0;
    for (let m = global.exec(text); m !== null; m = global.exec(text)) if (m[0] === '') global.lastIndex += 1;
    best = Math.min(best, performance.now() - started);
  }
  return best;
};

describe('every catalog pattern is linear in its input, and its input is bounded', () => {
  it.each(matchers)('%s: a pumped record 4× longer costs about 4× more, never 16×', (_name, matcher) => {
    const alphabet = alphabetOf(matcher.pattern);
    const prefixes = matcher.literals.flatMap((literal) => [literal, `${literal}, [`, `${literal} '`]);
    fc.assert(
      fc.property(
        fc.constantFrom(...prefixes),
        fc.array(fc.constantFrom(...alphabet), { minLength: 1, maxLength: 3 }).map((chars) => chars.join('')),
        fc.boolean(),
        (prefix, pump, repeatPrefix) => {
          const unit = repeatPrefix ? `${prefix}${pump}` : pump;
          const craft = (chars: number) => `${repeatPrefix ? '' : prefix}${unit.repeat(Math.ceil(chars / unit.length))}`;
          const small = costMs(matcher.pattern, craft(MAX_RECORD_CHARS / 4));
          const large = costMs(matcher.pattern, craft(MAX_RECORD_CHARS));
          // Below 20 ms at the largest record a pattern can see, growth does not matter; a quadratic
          // pattern took seconds there. Above it, linear growth is 4×, quadratic 16×.
          if (large > 20) expect(large / Math.max(small, 0.5)).toBeLessThan(8);
        },
      ),
      { numRuns: 200 },
    );
  });

  const finder = new MultiLiteralFinder(catalogLiterals(signatureCatalog));
  const piece = fc.constantFrom(
    '\n',
    '\n\n',
    ' '.repeat(5000),
    '    rabbit@node-1,',
    'timeout_waiting_for_tables, [',
    'rabbit on node ',
    '2023-01-01 12:00:00.000000+00:00 [error] <0.1.0> ',
    '2018-12-05 06:37:13.602 [error] <0.202.0> ',
    '=ERROR REPORT==== 17-Aug-2016::14:26:45 ===\n',
    'x'.repeat(20_000),
    '\u0000'.repeat(3000),
  );

  it('no record handed to the patterns is longer than the bound, whatever the input and however it is chunked', () => {
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 200 }), fc.integer({ min: 1, max: 300_000 }), (pieces, chunkBytes) => {
        const sizes: { chars: number; lines: number }[] = [];
        const scanner = new LogScanner(finder, {
          onRecord: (record) => sizes.push({ chars: record.message.length, lines: record.lastLine - record.firstLine + 1 }),
          onNulRun: () => undefined,
        });
        const bytes = Buffer.from(pieces.join(''), 'utf8');
        for (let at = 0; at < bytes.length; at += chunkBytes) scanner.push(bytes.subarray(at, at + chunkBytes));
        scanner.end();
        for (const size of sizes) {
          expect(size.chars).toBeLessThanOrEqual(MAX_RECORD_CHARS);
          expect(size.lines).toBeLessThanOrEqual(MAX_RECORD_LINES);
        }
      }),
      { numRuns: 60 },
    );
  });

  it('folding a record into one line gives what the old /\\s*\\n\\s*/ replacement gave', () => {
    const text = fc.array(fc.constantFrom(' ', '\t', '\n', '\r', 'a', 'b', ','), { maxLength: 40 }).map((chars) => chars.join(''));
    fc.assert(fc.property(text, (message) => expect(flattenMessage(message)).toBe(message.replace(/\s*\n\s*/g, ' '))), { numRuns: 2000 });
  });
});
