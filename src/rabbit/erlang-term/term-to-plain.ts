import { charCodesToString } from './char-codes';
import { proplistEntries, termText } from './proplist';
import type { ErlangTerm } from './term';

/** The shape JSON.parse returns; Erlang terms are brought to it so one schema reads every format. */
export type PlainValue = string | number | boolean | null | readonly PlainValue[] | { readonly [key: string]: PlainValue };

const PRINTABLE = /^[\t\n\r\x20-\x7e\u00a0-\uffff]*$/;

/**
 * The first value per key wins, as with `proplists:get_value/2`. Object.fromEntries defines own
 * properties, so a key such as "__proto__" in hostile input stays plain data.
 */
function objectOf(entries: readonly (readonly [string, ErlangTerm])[]): PlainValue {
  const firstByKey = new Map<string, ErlangTerm>();
  for (const [key, value] of entries) if (!firstByKey.has(key)) firstByKey.set(key, value);
  return Object.fromEntries([...firstByKey].map(([key, value]) => [key, termToPlain(value)]));
}

/** Proplists become objects and tuples arrays, as rabbitmqctl's own JSON formatter renders them. */
export function termToPlain(term: ErlangTerm): PlainValue {
  switch (term.kind) {
    case 'atom':
      return term.name;
    case 'string':
    case 'binary':
    case 'integer':
    case 'float':
      return term.value;
    case 'pid':
      return term.text;
    case 'opaque':
      return `#${term.type}<${term.body}>`;
    case 'tuple':
      return term.elements.map(termToPlain);
    case 'list': {
      const entries = proplistEntries(term);
      if (entries !== null) return objectOf(entries);
      const items = term.elements.map(termToPlain);
      if (term.tail !== null) return [...items, termToPlain(term.tail)];
      const text = items.length > 0 ? charCodesToString(items) : null;
      return text !== null && PRINTABLE.test(text) ? text : items;
    }
    case 'map':
      return objectOf(
        term.entries.flatMap((entry): (readonly [string, ErlangTerm])[] => {
          const name = termText(entry.key);
          return name === null ? [] : [[name, entry.value]];
        }),
      );
  }
}
