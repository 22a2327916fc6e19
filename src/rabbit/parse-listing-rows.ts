import { err, ok, type Result } from '../result';
import { readJsonPayload } from './json-payload';

export type ListingRow = Readonly<Record<string, unknown>>;

/** `Listing exchanges for vhost / ...`, `Listing bindings for vhost /...`, the 3.x timeout line. */
const BANNER = /^(Timeout: .* seconds \.\.\.|Listing \w+( for vhost .*)? ?\.\.\.|\.\.\.done\.?)$/;

/**
 * Rows of a `rabbitmqctl list_*` answer as column → value, from JSON (3.8+ `--formatter json`) or
 * tab-separated text with or without its header row. Lines are not trimmed: the default exchange
 * has the empty name, so its text row starts with a tab.
 */
export function parseListingRows(payload: string, columns: readonly string[], what: string): Result<ListingRow[], string> {
  const trimmed = payload.trim();
  if (trimmed.startsWith('[')) {
    const json = readJsonPayload(trimmed);
    if (json === null || !Array.isArray(json.plain)) return err(`${what} printed JSON that is not a list`);
    if (!json.complete) return err(`${what} printed incomplete JSON (cut off?)`);
    return ok(json.plain.filter((row): row is Record<string, unknown> => typeof row === 'object' && row !== null && !Array.isArray(row)));
  }
  const lines = payload.split('\n').filter((line) => line.trim() !== '' && !BANNER.test(line.trim()));
  const header = lines[0]?.split('\t');
  const hasHeader = header !== undefined && header[0] === columns[0] && header.length === columns.length;
  const rows: ListingRow[] = [];
  for (const line of hasHeader ? lines.slice(1) : lines) {
    const cells = line.split('\t');
    if (cells.length !== columns.length) return err(`a ${what} row has ${cells.length} columns where ${columns.length} were expected: ${line.slice(0, 120)}`);
    rows.push(Object.fromEntries(columns.map((column, i) => [column, cells[i]])));
  }
  return ok(rows);
}

export const cellBoolean = (value: unknown): boolean | null => (value === true || value === 'true' ? true : value === false || value === 'false' ? false : null);
export const cellText = (value: unknown): string | null => (typeof value === 'string' ? value : null);
