import { createErlangLexer, type Punctuation, type Token } from './erlang-lexer';
import type { ErlangTerm, ErlangTermParse, MapEntry } from './term';

/** Deeper nesting than any rabbitmqctl output; the limit keeps hostile input off the call stack. */
const MAX_DEPTH = 200;

type Stop = 'truncated' | 'malformed' | null;

/**
 * Reads the first Erlang term in `text` (from `start`). Never throws: on a cut or on garbage it
 * returns what was read so far, with the reason it stopped.
 */
export function parseErlangTerm(text: string, start = 0): ErlangTermParse {
  const lexer = createErlangLexer(text, start);
  let lookahead: Token | null = null;
  let stop: Stop = null;
  let end = start;

  const peek = (): Token => (lookahead ??= lexer.next());
  const take = (): Token => {
    const token = peek();
    lookahead = null;
    if (token.type !== 'eof' && token.type !== 'unterminated') end = token.end;
    return token;
  };
  const halt = (reason: Exclude<Stop, null>): null => {
    stop ??= reason;
    return null;
  };
  const isPunct = (token: Token, value: Punctuation): boolean => token.type === 'punct' && token.value === value;
  // A bare number or atom that runs into the end of the input may itself be cut ("17" of "1795").
  const touchesEnd = (token: Token): boolean => token.end >= text.length;

  function value(depth: number, insideContainer: boolean): ErlangTerm | null {
    if (depth > MAX_DEPTH) return halt('malformed');
    const token = take();
    switch (token.type) {
      case 'eof':
      case 'unterminated':
        return halt('truncated');
      case 'garbage':
        return halt('malformed');
      case 'atom':
      case 'integer':
      case 'float':
        if (insideContainer && touchesEnd(token)) return halt('truncated');
        if (token.type === 'atom') return { kind: 'atom', name: token.value };
        return { kind: token.type, value: token.value };
      case 'string':
        return { kind: 'string', value: token.value };
      case 'pid':
        return { kind: 'pid', text: token.value };
      case 'opaque':
        return { kind: 'opaque', type: token.kind, body: token.body };
      case 'punct':
        return container(token.value, depth);
    }
  }

  function sequence<T>(close: Punctuation, readItem: () => T | null, onBar?: () => void): T[] {
    const items: T[] = [];
    if (isPunct(peek(), close)) {
      take();
      return items;
    }
    for (;;) {
      const item = readItem();
      if (item === null) return items;
      items.push(item);
      if (stop !== null) return items;
      const separator = take();
      if (isPunct(separator, ',')) continue;
      if (isPunct(separator, close)) return items;
      if (onBar && isPunct(separator, '|')) {
        onBar();
        return items;
      }
      halt(separator.type === 'eof' || separator.type === 'unterminated' ? 'truncated' : 'malformed');
      return items;
    }
  }

  function list(depth: number): ErlangTerm {
    let tail: ErlangTerm | null = null;
    const elements = sequence(']', () => value(depth + 1, true), () => {
      tail = value(depth + 1, true);
      if (stop !== null) return;
      const close = take();
      if (!isPunct(close, ']')) halt(close.type === 'eof' ? 'truncated' : 'malformed');
    });
    return { kind: 'list', elements, tail };
  }

  function binary(): ErlangTerm {
    let bytes = '';
    sequence('>>', () => {
      const segment = take();
      if (segment.type === 'string') bytes += segment.value;
      else if (segment.type === 'integer' && !touchesEnd(segment)) bytes += String.fromCharCode(segment.value & 0xff);
      else return halt(segment.type === 'eof' || segment.type === 'unterminated' || segment.type === 'integer' ? 'truncated' : 'malformed');
      // A type suffix such as /utf8 says how the bytes were encoded; the text is already decoded.
      if (isPunct(peek(), '/')) {
        take();
        const suffix = take();
        if (suffix.type !== 'atom') return halt(suffix.type === 'eof' ? 'truncated' : 'malformed');
      }
      return true;
    });
    return { kind: 'binary', value: bytes };
  }

  function map(depth: number): ErlangTerm {
    const entries = sequence('}', (): MapEntry | null => {
      const key = value(depth + 1, true);
      if (key === null || stop !== null) return null;
      const arrow = take();
      if (!isPunct(arrow, '=>')) return halt(arrow.type === 'eof' ? 'truncated' : 'malformed');
      const entryValue = value(depth + 1, true);
      return entryValue === null ? null : { key, value: entryValue };
    });
    return { kind: 'map', entries };
  }

  function container(open: Punctuation, depth: number): ErlangTerm | null {
    switch (open) {
      case '{':
        return { kind: 'tuple', elements: sequence('}', () => value(depth + 1, true)) };
      case '[':
        return list(depth);
      case '<<':
        return binary();
      case '#{':
        return map(depth);
      default:
        return halt('malformed');
    }
  }

  const term = value(0, false);
  return { term, truncated: stop === 'truncated', malformed: stop === 'malformed', end };
}
