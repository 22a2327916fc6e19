import type { LogRecord } from '../logs/log-record';
import type { FindingCollector } from './finding-collector';
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

const globalCopies = new WeakMap<RegExp, RegExp>();
const globalPattern = (pattern: RegExp): RegExp => {
  let copy = globalCopies.get(pattern);
  if (copy === undefined) {
    copy = new RegExp(pattern.source, pattern.flags.includes('g') ? pattern.flags : `${pattern.flags}g`);
    globalCopies.set(pattern, copy);
  }
  return copy;
};

/** Distinct subjects of every match of `matcher` in `text`. */
const subjectsOf = (matcher: LogMatcher, text: string): Subject[] => {
  const pattern = globalPattern(matcher.pattern);
  pattern.lastIndex = 0;
  const seen = new Map<string, Subject>();
  for (let match = pattern.exec(text); match !== null; match = pattern.exec(text)) {
    const subject = matcher.subject ? matcher.subject(match) : {};
    seen.set(JSON.stringify(subject), subject);
    if (match[0] === '') pattern.lastIndex += 1;
  }
  return [...seen.values()];
};

const mentionsAny = (text: string, literals: readonly string[]): boolean => literals.some((literal) => text.includes(literal));

/**
 * Applies the catalog to one record: every clear matcher that matches ends its condition, and per
 * signature the first raise matcher that matches reports one sighting per distinct subject.
 */
export const matchRecord = (record: LogRecord, catalog: readonly Signature[], collector: FindingCollector): void => {
  const text = flattenMessage(record.message);
  const at = { firstLine: record.firstLine, lastLine: record.lastLine, time: record.time };
  for (const signature of catalog) {
    let raised = false;
    for (const matcher of signature.logMatchers) {
      if (!mentionsAny(text, matcher.literals)) continue;
      const isClear = matcher.effect === 'clear';
      if (!isClear && raised) continue;
      const subjects = subjectsOf(matcher, text);
      for (const subject of subjects) {
        if (isClear) collector.clear(signature.id, subject, at);
        else collector.raise(signature.id, subject, at);
      }
      if (!isClear && subjects.length > 0) raised = true;
    }
  }
};
