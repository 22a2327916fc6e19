import type { ErlangTerm } from './term';

export type ProplistEntry = readonly [key: string, value: ErlangTerm];

/** Atoms, strings and binaries all serve as keys in what rabbitmqctl prints. */
export function termText(term: ErlangTerm): string | null {
  if (term.kind === 'atom') return term.name;
  if (term.kind === 'string' || term.kind === 'binary') return term.value;
  return null;
}

/**
 * The `{Key, Value}` pairs of a proplist, or null when `term` is not one. A tuple left short by a
 * cut (`[{total,1},{connection_readers`) is skipped so a truncated list keeps the pairs read before it.
 */
export function proplistEntries(term: ErlangTerm): ProplistEntry[] | null {
  if (term.kind !== 'list' || term.tail !== null) return null;
  const entries: ProplistEntry[] = [];
  for (const element of term.elements) {
    if (element.kind !== 'tuple' || element.elements.length > 2) return null;
    const [key, value] = element.elements;
    if (key === undefined || value === undefined) continue;
    const name = termText(key);
    if (name === null) return null;
    entries.push([name, value]);
  }
  return entries.length > 0 ? entries : null;
}

/** The first value stored under `key`, as `proplists:get_value/2` would find it. */
export function proplistGet(term: ErlangTerm, key: string): ErlangTerm | undefined {
  return proplistEntries(term)?.find(([name]) => name === key)?.[1];
}
