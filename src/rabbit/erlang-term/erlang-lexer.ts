import { decodeEscape } from './decode-escape';

export type Punctuation = '{' | '}' | '[' | ']' | ',' | '|' | '<<' | '>>' | '=>' | '#{' | '/';

export type Token =
  | { readonly type: 'punct'; readonly value: Punctuation; readonly end: number }
  | { readonly type: 'atom'; readonly value: string; readonly end: number }
  | { readonly type: 'string'; readonly value: string; readonly end: number }
  | { readonly type: 'integer'; readonly value: number; readonly end: number }
  | { readonly type: 'float'; readonly value: number; readonly end: number }
  | { readonly type: 'pid'; readonly value: string; readonly end: number }
  | { readonly type: 'opaque'; readonly kind: string; readonly body: string; readonly end: number }
  /** Input ended inside a quoted string, quoted atom or `#Ref<…>`. */
  | { readonly type: 'unterminated'; readonly end: number }
  | { readonly type: 'garbage'; readonly value: string; readonly end: number }
  | { readonly type: 'eof'; readonly end: number };

export interface Lexer {
  next(): Token;
}

// Dots are accepted in bare atoms because pastes show node names such as rabbit@10.0.0.1 unquoted.
const BARE_ATOM = /[a-z][A-Za-z0-9_@.]*/y;
// Elixir prints atoms as :name; the same lexer reads `{:badrpc, {:timeout, …}}`.
const ELIXIR_ATOM = /:([a-zA-Z_][A-Za-z0-9_@]*[?!]?)/y;
const NUMBER = /-?\d+(?:(\.\d+(?:[eE][+-]?\d+)?)|#([0-9a-zA-Z]+))?/y;
const PID = /<\d+\.\d+\.\d+>/y;
const OPAQUE_HEAD = /#([A-Za-z]+)</y;
const WHITESPACE = /\s+/y;
const GARBAGE = /[^\s{}[\],|<>'"#]+|./y;

function matchAt(pattern: RegExp, text: string, at: number): RegExpExecArray | null {
  pattern.lastIndex = at;
  return pattern.exec(text);
}

/** Reads `text` one token at a time; never throws and always advances. */
export function createErlangLexer(text: string, start = 0): Lexer {
  let at = start;

  function quoted(close: '"' | "'"): { value: string; closed: boolean } {
    let value = '';
    at += 1;
    while (at < text.length) {
      const char = text[at] as string;
      if (char === close) {
        at += 1;
        return { value, closed: true };
      }
      if (char === '\\') {
        const escape = decodeEscape(text, at);
        if (escape === null) {
          at = text.length;
          return { value, closed: false };
        }
        value += escape.value;
        at = escape.end;
        continue;
      }
      value += char;
      at += 1;
    }
    return { value, closed: false };
  }

  function scanNumber(match: RegExpExecArray): Token {
    at = match.index + match[0].length;
    const [whole, fraction, radixDigits] = match;
    if (fraction !== undefined) return { type: 'float', value: Number(whole), end: at };
    if (radixDigits !== undefined) {
      const negative = whole.startsWith('-');
      const base = Number(whole.slice(negative ? 1 : 0, whole.indexOf('#')));
      const value = base >= 2 && base <= 36 ? parseInt(radixDigits, base) : NaN;
      if (Number.isNaN(value)) return { type: 'garbage', value: whole, end: at };
      return { type: 'integer', value: negative ? -value : value, end: at };
    }
    return { type: 'integer', value: Number(whole), end: at };
  }

  function punct(value: Punctuation): Token {
    at += value.length;
    return { type: 'punct', value, end: at };
  }

  function next(): Token {
    const space = matchAt(WHITESPACE, text, at);
    if (space) at += space[0].length;
    if (at >= text.length) return { type: 'eof', end: text.length };
    const char = text[at] as string;
    const pair = text.slice(at, at + 2);
    if (char === '{' || char === '}' || char === '[' || char === ']' || char === ',' || char === '|' || char === '/') {
      return punct(char);
    }
    if (pair === '<<' || pair === '>>' || pair === '=>' || pair === '#{') return punct(pair);
    if (char === '"' || char === "'") {
      const { value, closed } = quoted(char);
      if (!closed) return { type: 'unterminated', end: at };
      return char === '"' ? { type: 'string', value, end: at } : { type: 'atom', value, end: at };
    }
    const number = matchAt(NUMBER, text, at);
    if (number) return scanNumber(number);
    const atom = matchAt(BARE_ATOM, text, at);
    if (atom) {
      // A trailing dot ends a sentence or an Erlang expression; node names never end with one.
      const name = atom[0].replace(/\.+$/, '');
      at += name.length;
      return { type: 'atom', value: name, end: at };
    }
    const elixirAtom = matchAt(ELIXIR_ATOM, text, at);
    if (elixirAtom) {
      at += elixirAtom[0].length;
      return { type: 'atom', value: elixirAtom[1] as string, end: at };
    }
    const pid = matchAt(PID, text, at);
    if (pid) {
      at += pid[0].length;
      return { type: 'pid', value: pid[0], end: at };
    }
    const opaque = matchAt(OPAQUE_HEAD, text, at);
    if (opaque) {
      const close = text.indexOf('>', at);
      if (close === -1) {
        at = text.length;
        return { type: 'unterminated', end: at };
      }
      const body = text.slice(at + opaque[0].length, close);
      at = close + 1;
      return { type: 'opaque', kind: opaque[1] as string, body, end: at };
    }
    const garbage = matchAt(GARBAGE, text, at) as RegExpExecArray;
    at += garbage[0].length;
    return { type: 'garbage', value: garbage[0], end: at };
  }

  return { next };
}
