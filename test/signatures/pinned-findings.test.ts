import { readdirSync, readFileSync, statSync, writeFileSync } from 'fs';
import { join, relative } from 'path';
import { ToUtf8 } from '../../src/logs/text-encoding';
import { analyzeLogText, LogAnalyzer, type LogAnalysis } from '../../src/signatures/log-analyzer';
import { findSignatureHits } from '../../src/signatures/signature-hits';

const FIXTURES = join(__dirname, '..', 'fixtures');
const GOLDEN = join(__dirname, 'golden', 'pinned-findings.json');
/** Every fixture folder that holds log text, of every era and shape, the crafted ones included. */
const LOG_FOLDERS = ['logs', 'logs2', 'logs-level-pid', 'lab-3.10.8', 'seed', 'adversarial', 'bundles'];

const filesUnder = (dir: string): string[] =>
  readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : /\.(?:txt|log)$/.test(name) ? [path] : [];
  });

/** Fed in chunks of `size`; `lent`: every chunk a view of one buffer, overwritten once pushed, as the worker's shared slots are. */
const inChunks = (bytes: Buffer, size: number, lent = false): LogAnalysis => {
  const analyzer = new LogAnalyzer();
  const utf8 = new ToUtf8();
  const slot = Buffer.alloc(size);
  for (let at = 0; at < bytes.length; at += size) {
    const part = bytes.subarray(at, at + size);
    if (!lent) {
      analyzer.push(utf8.push(part));
      continue;
    }
    // Straight to the analyzer: ToUtf8 hands on a copy of what it held back to decide the encoding.
    part.copy(slot);
    analyzer.push(slot.subarray(0, part.length));
    slot.fill(0x7a);
  }
  analyzer.push(utf8.end());
  return analyzer.end();
};

/**
 * The scanner and matcher are tuned for speed (issue 13); what they find must not move. Every
 * finding of every log fixture, with its count, lines, times, subject and state, is pinned here as
 * the code before that tuning produced it (regenerate with UPDATE_GOLDEN=1 only for a reviewed
 * change of results), and feeding the same bytes in small chunks must give the same analysis.
 */
describe('pinned analysis of every log fixture', () => {
  const files = LOG_FOLDERS.flatMap((folder) => filesUnder(join(FIXTURES, folder))).sort();
  const actual = Object.fromEntries(
    files.map((file) => {
      const bytes = readFileSync(file);
      return [relative(FIXTURES, file), { analysis: analyzeLogText(bytes), hits: findSignatureHits(bytes.toString('utf8')) }];
    }),
  );
  if (process.env.UPDATE_GOLDEN === '1') writeFileSync(GOLDEN, `${JSON.stringify(actual, null, 1)}\n`);
  const pinned = JSON.parse(readFileSync(GOLDEN, 'utf8')) as typeof actual;

  it('covers the same fixtures', () => {
    expect(Object.keys(actual)).toEqual(Object.keys(pinned));
  });

  it.each(files.map((file) => relative(FIXTURES, file)))('%s: findings, bytes, lines and hits as pinned', (name) => {
    expect(JSON.parse(JSON.stringify(actual[name]))).toEqual(pinned[name]);
  });

  it.each(files.map((file) => relative(FIXTURES, file)))('%s: the same analysis when read in 4 KB and 64 KB chunks', (name) => {
    const bytes = readFileSync(join(FIXTURES, name));
    const whole = actual[name]!.analysis;
    expect(inChunks(bytes, 4096)).toEqual(whole);
    expect(inChunks(bytes, 65536)).toEqual(whole);
  });

  it.each(files.map((file) => relative(FIXTURES, file)).filter((name) => !name.includes('utf-16')))('%s: the same analysis when each chunk is lent and overwritten after it was pushed', (name) => {
    const bytes = readFileSync(join(FIXTURES, name));
    const whole = actual[name]!.analysis;
    expect(inChunks(bytes, 1000, true)).toEqual(whole);
    expect(inChunks(bytes, 65536, true)).toEqual(whole);
  });
});
