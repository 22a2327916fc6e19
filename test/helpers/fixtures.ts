import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const FIXTURES = join(__dirname, '..', 'fixtures');
const VERBATIM_DELIMITER = '# ---- verbatim below ----';

/**
 * A fixture's verbatim text. Corpus files open with `# key: value` header lines ending in the
 * delimiter line; everything up to and including it is skipped. Lab captures have no header and
 * are returned whole.
 */
export function readFixture(relativePath: string): string {
  const text = readFileSync(join(FIXTURES, relativePath), 'utf8');
  const lines = text.split('\n');
  const delimiter = lines.findIndex((line) => line.trimEnd() === VERBATIM_DELIMITER);
  return delimiter === -1 ? text : lines.slice(delimiter + 1).join('\n');
}

export function fixtureExists(relativePath: string): boolean {
  return existsSync(join(FIXTURES, relativePath));
}
