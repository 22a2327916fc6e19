import fc from 'fast-check';
import { charCodesToString } from '../../src/rabbit/erlang-term/char-codes';
import { parseErlangTerm } from '../../src/rabbit/erlang-term/parse-erlang-term';
import { proplistGet } from '../../src/rabbit/erlang-term/proplist';
import type { ErlangTerm } from '../../src/rabbit/erlang-term/term';
import { termToPlain } from '../../src/rabbit/erlang-term/term-to-plain';
import { erlangTerm, printTerm } from './erlang-term-printer';

const atom = (name: string): ErlangTerm => ({ kind: 'atom', name });
const int = (value: number): ErlangTerm => ({ kind: 'integer', value });

describe('parseErlangTerm', () => {
  it('reads every construct rabbitmqctl prints', () => {
    const text = `[{pid,<0.1.0>},{'rabbit@ctrl-grav-02',"a\\"b\\n"},{neg,-123},{f,0.4},{e,1.5e-3},
      {bin,<<"rabbit@x">>},{bytes,<<104,105>>},{ref,#Ref<0.1.2.3>},{fun,#Fun<erl_eval.6.1234>},
      {map,#{a => 1}},{improper,[a|b]},{empty,[]},{radix,16#ff}]`;
    const parsed = parseErlangTerm(text);
    expect(parsed).toMatchObject({ truncated: false, malformed: false });
    const term = parsed.term as ErlangTerm;
    expect(proplistGet(term, 'pid')).toEqual({ kind: 'pid', text: '<0.1.0>' });
    expect(proplistGet(term, 'rabbit@ctrl-grav-02')).toEqual({ kind: 'string', value: 'a"b\n' });
    expect(proplistGet(term, 'neg')).toEqual(int(-123));
    expect(proplistGet(term, 'f')).toEqual({ kind: 'float', value: 0.4 });
    expect(proplistGet(term, 'e')).toEqual({ kind: 'float', value: 0.0015 });
    expect(proplistGet(term, 'bin')).toEqual({ kind: 'binary', value: 'rabbit@x' });
    expect(proplistGet(term, 'bytes')).toEqual({ kind: 'binary', value: 'hi' });
    expect(proplistGet(term, 'ref')).toEqual({ kind: 'opaque', type: 'Ref', body: '0.1.2.3' });
    expect(proplistGet(term, 'fun')).toEqual({ kind: 'opaque', type: 'Fun', body: 'erl_eval.6.1234' });
    expect(proplistGet(term, 'map')).toEqual({ kind: 'map', entries: [{ key: atom('a'), value: int(1) }] });
    expect(proplistGet(term, 'improper')).toEqual({ kind: 'list', elements: [atom('a')], tail: atom('b') });
    expect(proplistGet(term, 'empty')).toEqual({ kind: 'list', elements: [], tail: null });
    expect(proplistGet(term, 'radix')).toEqual(int(255));
  });

  it('reads quoted atoms with escapes and Elixir-style atoms', () => {
    expect(parseErlangTerm(String.raw`'it\'s'`).term).toEqual(atom("it's"));
    expect(parseErlangTerm('{:badrpc, {:timeout, 10.0}}').term).toEqual({
      kind: 'tuple',
      elements: [atom('badrpc'), { kind: 'tuple', elements: [atom('timeout'), { kind: 'float', value: 10 }] }],
    });
  });

  it('returns the elements read before a cut and says the input ended early', () => {
    const parsed = parseErlangTerm('[{pid,1065},{memory,[{total,75795416},{connection_readers,46392},{connection_wri');
    expect(parsed.truncated).toBe(true);
    const memory = proplistGet(parsed.term as ErlangTerm, 'memory') as ErlangTerm;
    expect(proplistGet(memory, 'total')).toEqual(int(75795416));
    expect(proplistGet(memory, 'connection_readers')).toEqual(int(46392));
  });

  it('does not keep a number that runs into the end of the input, since it may be cut', () => {
    const parsed = parseErlangTerm('[{uptime,179');
    expect(parsed.truncated).toBe(true);
    expect(proplistGet(parsed.term as ErlangTerm, 'uptime')).toBeUndefined();
  });

  it('does not keep an unterminated string', () => {
    const parsed = parseErlangTerm('[{erlang_version,"Erlang/OTP 19 [er');
    expect(parsed.truncated).toBe(true);
    expect(proplistGet(parsed.term as ErlangTerm, 'erlang_version')).toBeUndefined();
  });

  it('flags garbage as malformed without throwing', () => {
    expect(parseErlangTerm('[{a,1},)]')).toMatchObject({ malformed: true, truncated: false });
    expect(parseErlangTerm(')')).toMatchObject({ term: null, malformed: true });
    expect(parseErlangTerm('')).toMatchObject({ term: null, truncated: true });
  });

  it('stops at a nesting depth no printer produces instead of exhausting the stack', () => {
    const parsed = parseErlangTerm('['.repeat(100_000));
    expect(parsed.malformed).toBe(true);
  });

  it('reports where the term ends so trailing "...done." is left alone', () => {
    const text = '[{a,1}]\n...done.';
    expect(parseErlangTerm(text).end).toBe(text.indexOf(']') + 1);
  });
});

describe('charCodesToString', () => {
  it('turns an Erlang string printed as a list back into text', () => {
    expect(charCodesToString([114, 97, 98, 98, 105, 116])).toBe('rabbit');
  });
  it('refuses lists that are not code points', () => {
    expect(charCodesToString([1.5])).toBeNull();
    expect(charCodesToString([-1])).toBeNull();
    expect(charCodesToString(['a'])).toBeNull();
  });
});

describe('termToPlain', () => {
  it('renders proplists as objects and other tuples as arrays, like the JSON formatter', () => {
    const parsed = parseErlangTerm('[{os,{unix,linux}},{apps,[{rabbit,"RabbitMQ","3.6.10"}]},{name,<<"x">>}]');
    expect(termToPlain(parsed.term as ErlangTerm)).toEqual({
      os: ['unix', 'linux'],
      apps: [['rabbit', 'RabbitMQ', '3.6.10']],
      name: 'x',
    });
  });
  it('keeps a hostile __proto__ key as plain data', () => {
    const plain = termToPlain(parseErlangTerm("[{'__proto__',1}]").term as ErlangTerm) as Record<string, unknown>;
    expect(Object.getPrototypeOf(plain)).toBe(Object.prototype);
    expect(Object.keys(plain)).toEqual(['__proto__']);
  });
});

describe('parseErlangTerm properties', () => {
  it('reads back every term the printer writes', () => {
    fc.assert(
      fc.property(erlangTerm, (term) => {
        const parsed = parseErlangTerm(printTerm(term));
        expect(parsed).toMatchObject({ truncated: false, malformed: false });
        expect(parsed.term).toEqual(term);
      }),
      { numRuns: 500 },
    );
  });

  it('never throws on arbitrary text and always ends inside the input', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (text) => {
        const parsed = parseErlangTerm(text);
        expect(parsed.end).toBeLessThanOrEqual(text.length);
      }),
      { numRuns: 2000 },
    );
  });

  it('never throws on byte soup made of term punctuation', () => {
    const soup = fc.array(fc.constantFrom(...'{}[]<>,|#"\'\\=.-0123456789abc@:/ \n'.split('')), { maxLength: 200 });
    fc.assert(fc.property(soup, (chars) => void parseErlangTerm(chars.join(''))), { numRuns: 3000 });
  });

  it('marks every cut of a printed container as truncated', () => {
    fc.assert(
      fc.property(erlangTerm, fc.nat(), (term, cutSeed) => {
        const text = printTerm({ kind: 'list', elements: [term], tail: null });
        const cut = 1 + (cutSeed % (text.length - 1));
        const parsed = parseErlangTerm(text.slice(0, cut));
        expect(parsed.truncated || parsed.malformed).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});
