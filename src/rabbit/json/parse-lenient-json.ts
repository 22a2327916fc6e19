import type { PlainValue } from '../erlang-term/term-to-plain';

export interface LenientJsonParse {
  readonly value: PlainValue | undefined;
  /** The input ended inside the document (a truncated paste). */
  readonly truncated: boolean;
  /** Reading stopped at something that is not JSON. */
  readonly malformed: boolean;
}

const MAX_DEPTH = 200;
const NUMBER = /-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
// Bare words are read as strings: pasted 3.7 samples carry unquoted placeholders (`version_num`).
const BARE_WORD = /[A-Za-z_][A-Za-z0-9_.@-]*/y;
const JSON_ESCAPES: Readonly<Record<string, string>> = { b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

type Stop = 'truncated' | 'malformed' | null;

/**
 * JSON.parse for pasted rabbitmqctl output: accepts the complete documents JSON.parse does, and on a
 * cut or a foreign token returns what was read so far instead of throwing.
 */
export function parseLenientJson(text: string, start = 0): LenientJsonParse {
  let at = start;
  let stop: Stop = null;

  const halt = (reason: Exclude<Stop, null>): undefined => {
    stop ??= reason;
    return undefined;
  };
  const skipSpace = (): void => {
    while (at < text.length && /\s/.test(text[at] as string)) at += 1;
  };
  const sticky = (pattern: RegExp): string | null => {
    pattern.lastIndex = at;
    const match = pattern.exec(text);
    if (!match) return null;
    at += match[0].length;
    return match[0];
  };

  function string(): string | undefined {
    at += 1;
    let value = '';
    while (at < text.length) {
      const char = text[at] as string;
      at += 1;
      if (char === '"') return value;
      if (char !== '\\') {
        value += char;
        continue;
      }
      const escape = text[at];
      if (escape === undefined) break;
      if (escape === 'u') {
        const hex = text.slice(at + 1, at + 5);
        if (hex.length < 4) break;
        if (!/^[0-9a-fA-F]{4}$/.test(hex)) return halt('malformed');
        value += String.fromCharCode(parseInt(hex, 16));
        at += 5;
        continue;
      }
      value += JSON_ESCAPES[escape] ?? escape;
      at += 1;
    }
    return halt('truncated');
  }

  function scalar(insideContainer: boolean): PlainValue | undefined {
    const number = sticky(NUMBER);
    const word = number === null ? sticky(BARE_WORD) : null;
    const raw = number ?? word;
    if (raw === null) return halt('malformed');
    // A number or word that runs into the end of the input may itself be cut ("17" of "1795").
    if (insideContainer && at >= text.length) return halt('truncated');
    if (number !== null) return Number(number);
    if (word === 'true') return true;
    if (word === 'false') return false;
    if (word === 'null') return null;
    return word;
  }

  function items<T>(close: string, readItem: () => T | undefined): T[] {
    const read: T[] = [];
    skipSpace();
    if (text[at] === close) {
      at += 1;
      return read;
    }
    for (;;) {
      const item = readItem();
      if (item === undefined) return read;
      read.push(item);
      if (stop !== null) return read;
      skipSpace();
      const separator = text[at];
      if (separator === undefined) {
        halt('truncated');
        return read;
      }
      at += 1;
      if (separator === close) return read;
      if (separator !== ',') {
        halt('malformed');
        return read;
      }
    }
  }

  function value(depth: number, insideContainer: boolean): PlainValue | undefined {
    if (depth > MAX_DEPTH) return halt('malformed');
    skipSpace();
    const char = text[at];
    if (char === undefined) return halt('truncated');
    if (char === '"') return string();
    if (char === '[') {
      at += 1;
      return items(']', () => value(depth + 1, true));
    }
    if (char === '{') {
      at += 1;
      const entries = items('}', (): readonly [string, PlainValue] | undefined => {
        skipSpace();
        if (at >= text.length) return halt('truncated');
        if (text[at] !== '"') return halt('malformed');
        const key = string();
        if (key === undefined) return undefined;
        skipSpace();
        if (at >= text.length) return halt('truncated');
        if (text[at] !== ':') return halt('malformed');
        at += 1;
        const entryValue = value(depth + 1, true);
        return entryValue === undefined ? undefined : [key, entryValue];
      });
      return Object.fromEntries(entries);
    }
    return scalar(insideContainer);
  }

  const parsed = value(0, false);
  return { value: parsed, truncated: stop === 'truncated', malformed: stop === 'malformed' };
}
