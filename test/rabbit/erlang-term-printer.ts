import fc from 'fast-check';
import type { ErlangTerm } from '../../src/rabbit/erlang-term/term';

/** Writes a term the way the Erlang shell prints it; the tests check the parser reads it back. */
export function printTerm(term: ErlangTerm): string {
  switch (term.kind) {
    case 'atom':
      return /^[a-z][A-Za-z0-9_@]*$/.test(term.name) ? term.name : `'${escapeText(term.name, "'")}'`;
    case 'string':
      return `"${escapeText(term.value, '"')}"`;
    case 'integer':
      return String(term.value);
    case 'float':
      return printFloat(term.value);
    case 'tuple':
      return `{${term.elements.map(printTerm).join(',')}}`;
    case 'list': {
      const elements = term.elements.map(printTerm).join(',');
      return term.tail === null ? `[${elements}]` : `[${elements}|${printTerm(term.tail)}]`;
    }
    case 'binary':
      return `<<"${escapeText(term.value, '"')}">>`;
    case 'pid':
      return term.text;
    case 'opaque':
      return `#${term.type}<${term.body}>`;
    case 'map':
      return `#{${term.entries.map((entry) => `${printTerm(entry.key)} => ${printTerm(entry.value)}`).join(',')}}`;
  }
}

function escapeText(text: string, quote: string): string {
  let escaped = '';
  for (const char of text) {
    const code = char.codePointAt(0) as number;
    if (char === '\\' || char === quote) escaped += `\\${char}`;
    else if (code < 0x20 || code === 0x7f) escaped += `\\x{${code.toString(16)}}`;
    else escaped += char;
  }
  return escaped;
}

function printFloat(value: number): string {
  const text = String(value);
  if (/[.]/.test(text)) return text.replace(/e(?=\d)/, 'e+');
  if (text.includes('e')) return text.replace('e', '.0e');
  return `${text}.0`;
}

const atomName = fc.oneof(fc.stringMatching(/^[a-z][A-Za-z0-9_@]{0,8}$/), fc.string({ maxLength: 8 }));
const text = fc.string({ unit: 'grapheme', maxLength: 12 });

export const erlangTerm: fc.Arbitrary<ErlangTerm> = fc.letrec<{ term: ErlangTerm }>((tie) => ({
  term: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    atomName.map((name): ErlangTerm => ({ kind: 'atom', name })),
    text.map((value): ErlangTerm => ({ kind: 'string', value })),
    fc.maxSafeInteger().map((value): ErlangTerm => ({ kind: 'integer', value })),
    fc
      .double({ noNaN: true, noDefaultInfinity: true })
      .map((value): ErlangTerm => ({ kind: 'float', value: Object.is(value, -0) ? 0 : value })),
    fc.array(tie('term'), { maxLength: 4 }).map((elements): ErlangTerm => ({ kind: 'tuple', elements })),
    fc
      .tuple(fc.array(tie('term'), { maxLength: 4 }), fc.option(tie('term'), { nil: null }))
      .map(([elements, tail]): ErlangTerm => ({
        kind: 'list',
        elements,
        // An improper tail needs a head, and a list tail would just be a longer list.
        tail: elements.length === 0 || tail?.kind === 'list' ? null : tail,
      })),
    text.map((value): ErlangTerm => ({ kind: 'binary', value })),
    fc.tuple(fc.nat(99), fc.nat(9999), fc.nat(9)).map(([a, b, c]): ErlangTerm => ({ kind: 'pid', text: `<${a}.${b}.${c}>` })),
    fc
      .tuple(fc.constantFrom('Ref', 'Fun', 'Port', 'PID'), fc.stringMatching(/^[0-9a-z_.]{1,12}$/))
      .map(([type, body]): ErlangTerm => ({ kind: 'opaque', type, body })),
    fc
      .array(fc.record({ key: tie('term'), value: tie('term') }), { maxLength: 3 })
      .map((entries): ErlangTerm => ({ kind: 'map', entries })),
  ),
})).term;
