import type { Signature } from '../src/signatures/signature';

/**
 * The catalog's own signature regexes rewritten as POSIX extended regexes for `grep -E -f`, so the
 * bench races analyze against grep doing the same matching, not only the prefilter. Only the
 * JavaScript syntax the catalog uses is translated; anything else throws, so a new pattern the
 * translation does not know fails the bench loudly instead of racing an easier grep.
 */
const CLASS_IN_BRACKET: Readonly<Record<string, string>> = { w: '[:alnum:]_', s: '[:space:]', d: '0-9' };
const CLASS_ALONE: Readonly<Record<string, string>> = { w: '[[:alnum:]_]', s: '[[:space:]]', S: '[^[:space:]]', d: '[0-9]', b: '\\b' };

/** `[...]` in POSIX: `]` first, `-` last, no escapes; `[\s\S]` is any character, as `.` on one line. */
const translateBracket = (body: string): string => {
  const negated = body.startsWith('^');
  const rest = negated ? body.slice(1) : body;
  if (rest === '\\s\\S') return '.';
  let items = '';
  let closing = false;
  let dash = false;
  for (let at = 0; at < rest.length; at += 1) {
    const char = rest[at]!;
    if (char !== '\\') {
      if (char === ']') closing = true;
      else if (char === '-' && (at === 0 || at === rest.length - 1)) dash = true;
      else items += char;
      continue;
    }
    const escaped = rest[at + 1]!;
    at += 1;
    const cls = CLASS_IN_BRACKET[escaped];
    if (cls !== undefined) items += cls;
    else if (escaped === ']') closing = true;
    else if (escaped === '-') dash = true;
    else if (escaped === '[' || escaped === '.' || escaped === '/') items += escaped;
    else throw new Error(`no ERE for [\\${escaped}] in [${body}]`);
  }
  return `[${negated ? '^' : ''}${closing ? ']' : ''}${items}${dash ? '-' : ''}]`;
};

const caseless = (char: string): string => (/[a-z]/i.test(char) ? `[${char.toLowerCase()}${char.toUpperCase()}]` : char);

export const toExtendedRegex = (pattern: RegExp): string => {
  const source = pattern.source;
  const ignoreCase = pattern.flags.includes('i');
  let out = '';
  for (let at = 0; at < source.length; at += 1) {
    const char = source[at]!;
    if (char === '\\') {
      const escaped = source[at + 1]!;
      at += 1;
      const cls = CLASS_ALONE[escaped];
      if (cls !== undefined) out += cls;
      else if ('.*+?()[]{}|\\^$'.includes(escaped)) out += `\\${escaped}`;
      else if (escaped === '/' || escaped === '-' || escaped === "'" || escaped === '"') out += escaped;
      else throw new Error(`no ERE for \\${escaped} in /${source}/`);
    } else if (char === '[') {
      let end = at + 1;
      while (source[end] !== ']' || source[end - 1] === '\\' || end === at + 1 || (end === at + 2 && source[at + 1] === '^')) end += 1;
      out += translateBracket(source.slice(at + 1, end));
      at = end;
    } else if (char === '{' && /^\{\d+,\d{3,}\}/.test(source.slice(at))) {
      // A large counted repeat bounds the JavaScript regex's work (issue 12); grep needs no such
      // bound, and compiling one costs it seconds and gigabytes of DFA, so it gets the open form.
      const bound = /^\{(\d+),\d+\}/.exec(source.slice(at))!;
      out += bound[1] === '0' ? '*' : `{${bound[1]},}`;
      at += bound[0].length - 1;
    } else if (char === '(' && source.startsWith('(?:', at)) {
      out += '(';
      at += 2;
    } else if (char === '(' && source[at + 1] === '?') {
      throw new Error(`no ERE for the group at ${at} of /${source}/`);
    } else if (char === '?' && (source[at - 1] === '?' || source[at - 1] === '}' || source[at - 1] === '*' || source[at - 1] === '+') && source[at - 2] !== '\\') {
      // A lazy quantifier: on a yes/no question about a line, lazy and greedy agree.
    } else {
      out += ignoreCase ? caseless(char) : char;
    }
  }
  return out;
};

/** One ERE per matcher of the catalog, deduplicated: the `-f` file of the bench's grep. */
export const catalogExtendedRegexes = (catalog: readonly Signature[]): string[] => [
  ...new Set(catalog.flatMap((signature) => signature.logMatchers.map((matcher) => toExtendedRegex(matcher.pattern)))),
];
