import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { detectCliFailure } from '../../src/rabbit/detect-cli-failure';
import { parseClusterStatus } from '../../src/rabbit/parse-cluster-status';
import { parseStatus } from '../../src/rabbit/parse-status';
import { readFixture } from '../helpers/fixtures';

const FIXTURE_DIRS = ['status', 'cluster_status', 'lab-3.10.8'];
const FIXTURES = FIXTURE_DIRS.flatMap((dir) =>
  readdirSync(join(__dirname, '..', 'fixtures', dir))
    .filter((file) => file.endsWith('.txt'))
    .map((file) => `${dir}/${file}`),
);
/** Every cut for short fixtures; an even spread of this many cuts (plus both ends) for long ones. */
const MAX_CUTS_PER_FIXTURE = 300;

function cutPoints(length: number): number[] {
  if (length <= MAX_CUTS_PER_FIXTURE) return Array.from({ length: length + 1 }, (_, index) => index);
  const step = length / MAX_CUTS_PER_FIXTURE;
  return [...Array.from({ length: MAX_CUTS_PER_FIXTURE }, (_, index) => Math.floor(index * step)), length];
}

function parseEverything(text: string): void {
  parseStatus(text);
  parseClusterStatus(text);
  detectCliFailure(text, text, 1);
}

describe('parsers on truncated fixtures', () => {
  it.each(FIXTURES)('%s: every cut parses without throwing, quickly', (fixture) => {
    const text = readFixture(fixture);
    const started = Date.now();
    for (const cut of cutPoints(text.length)) parseEverything(text.slice(0, cut));
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('a cut status is never reported complete unless the cut kept the whole payload', () => {
    const text = readFixture('status/3.6.10-status-erlang-q.txt');
    const end = text.lastIndexOf(']') + 1;
    for (const cut of cutPoints(end - 1)) {
      const result = parseStatus(text.slice(0, cut));
      if (result.kind === 'parsed') expect(result.status.complete).toBe(false);
    }
  });

  it('a cut JSON cluster_status is never reported complete', () => {
    const text = readFixture('lab-3.10.8/101_netns_ignore_partitioned_cluster_status_n1.json.txt').trimEnd();
    for (const cut of cutPoints(text.length - 1)) {
      const result = parseClusterStatus(text.slice(0, cut));
      if (result.kind === 'parsed') expect(result.view.complete).toBe(false);
    }
  });
});

describe('parsers on garbage', () => {
  it('random strings never throw', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 400 }), (text) => parseEverything(text)), { numRuns: 1000 });
  });

  it('random byte-ish input never throws', () => {
    const bytes = fc.uint8Array({ maxLength: 400 }).map((array) => String.fromCharCode(...array));
    fc.assert(fc.property(bytes, (text) => parseEverything(text)), { numRuns: 1000 });
  });

  it('fixture lines shuffled and spliced with noise never throw', () => {
    const lines = FIXTURES.flatMap((fixture) => readFixture(fixture).split('\n'));
    const soup = fc.array(fc.oneof(fc.constantFrom(...lines), fc.string({ maxLength: 20 })), { maxLength: 60 });
    fc.assert(fc.property(soup, (picked) => parseEverything(picked.join('\n'))), { numRuns: 500 });
  });

  it('pathological nesting terminates', () => {
    const started = Date.now();
    parseEverything(`[{pid,${'['.repeat(50_000)}`);
    parseEverything(`{"a":${'['.repeat(50_000)}`);
    parseEverything('"'.repeat(50_000));
    expect(Date.now() - started).toBeLessThan(5000);
  });
});
