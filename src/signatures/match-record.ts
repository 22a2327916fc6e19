import type { LogRecord } from '../logs/log-record';
import type { FindingCollector } from './finding-collector';
import { LiteralPresence } from './literal-presence';
import type { LogMatcher, Signature, Subject } from './signature';

/**
 * Pretty-printed Erlang terms and wrapped messages span lines; matchers see one line of text: each
 * line break with the whitespace around it becomes one space. Done with trims, not a regex like `\s+\n`,
 * which backtracks quadratically over a long run of spaces that holds no line break.
 */
export const flattenMessage = (message: string): string => {
  // Most records are one line: nothing to fold, and no arrays to build for it.
  if (!message.includes('\n')) return message;
  const lines = message.split('\n');
  const last = lines.length - 1;
  return lines
    .map((line, index) => {
      const head = index === 0 ? line : line.trimStart();
      return index === last ? head : head.trimEnd();
    })
    .filter((line, index) => line !== '' || index === 0 || index === last)
    .join(' ');
};

const globalCopy = (pattern: RegExp): RegExp => new RegExp(pattern.source, pattern.flags.includes('g') ? pattern.flags : `${pattern.flags}g`);

const NONE: readonly Subject[] = [];

/**
 * Distinct subjects of every match of `matcher` in `text`; most tries match nothing and allocate
 * nothing, and most that match match once, which needs no set of subjects.
 */
const subjectsOf = (matcher: LogMatcher, pattern: RegExp, text: string): readonly Subject[] => {
  pattern.lastIndex = 0;
  let match = pattern.exec(text);
  if (match === null) return NONE;
  const first = matcher.subject ? matcher.subject(match) : {};
  if (match[0] === '') pattern.lastIndex += 1;
  match = pattern.exec(text);
  if (match === null) return [first];
  const seen = new Map<string, Subject>([[JSON.stringify(first), first]]);
  for (; match !== null; match = pattern.exec(text)) {
    const subject = matcher.subject ? matcher.subject(match) : {};
    seen.set(JSON.stringify(subject), subject);
    if (match[0] === '') pattern.lastIndex += 1;
  }
  return [...seen.values()];
};

interface IndexedMatcher {
  readonly signature: Signature;
  /** Position of the signature in the catalog: "first raise matcher" is per catalog entry. */
  readonly entry: number;
  readonly matcher: LogMatcher;
  /** The matcher's pattern with the global flag, for every match in a record. */
  readonly global: RegExp;
}

/**
 * The catalog's matchers in catalog order, reachable from their literals: a record is tried only
 * against the matchers whose literals it contains, found in one pass over its text.
 */
interface MatcherIndex {
  readonly matchers: readonly IndexedMatcher[];
  readonly presence: LiteralPresence;
  /** Per literal of `presence`, the positions in `matchers` of the matchers that name it. */
  readonly byLiteral: readonly (readonly number[])[];
  /** Scratch: which matchers the current record reaches. */
  readonly reached: Uint8Array;
}

const ascending = (a: number, b: number): number => a - b;

const indexes = new WeakMap<readonly Signature[], MatcherIndex>();
const indexOf = (catalog: readonly Signature[]): MatcherIndex => {
  let index = indexes.get(catalog);
  if (index === undefined) {
    const matchers = catalog.flatMap((signature, entry) => signature.logMatchers.map((matcher) => ({ signature, entry, matcher, global: globalCopy(matcher.pattern) })));
    const literals = [...new Set(matchers.flatMap(({ matcher }) => matcher.literals))];
    const byLiteral = literals.map((literal) => matchers.flatMap(({ matcher }, position) => (matcher.literals.includes(literal) ? [position] : [])));
    index = { matchers, presence: new LiteralPresence(literals), byLiteral, reached: new Uint8Array(matchers.length) };
    indexes.set(catalog, index);
  }
  return index;
};

/**
 * Applies the catalog to one record: every clear matcher that matches ends its condition, and per
 * signature the first raise matcher that matches reports one sighting per distinct subject.
 * Matchers whose literals the record does not contain cannot match and are not tried.
 */
export const matchRecord = (record: LogRecord, catalog: readonly Signature[], collector: FindingCollector): void => {
  const text = flattenMessage(record.message);
  const { matchers, presence, byLiteral, reached } = indexOf(catalog);
  const literals = presence.present(text);
  if (literals.length === 0) return;
  const candidates: number[] = [];
  for (const literal of literals) {
    for (const position of byLiteral[literal]!) {
      if (reached[position] === 1) continue;
      reached[position] = 1;
      candidates.push(position);
    }
  }
  if (candidates.length > 1) candidates.sort(ascending);
  const at = { firstLine: record.firstLine, lastLine: record.lastLine, time: record.time };
  let raisedBy = -1;
  for (const position of candidates) {
    reached[position] = 0;
    const { signature, entry, matcher, global } = matchers[position]!;
    const isClear = matcher.effect === 'clear';
    if (!isClear && raisedBy === entry) continue;
    const subjects = subjectsOf(matcher, global, text);
    for (const subject of subjects) {
      if (isClear) collector.clear(signature.id, subject, at);
      else collector.raise(signature.id, subject, at);
    }
    if (!isClear && subjects.length > 0) raisedBy = entry;
  }
};
