import { parseErlangTerm } from './erlang-term/parse-erlang-term';
import { termToPlain, type PlainValue } from './erlang-term/term-to-plain';

export interface ErlangPayload {
  readonly plain: PlainValue;
  readonly complete: boolean;
}

/**
 * Reads an Erlang-term payload as the plain object its JSON rendering would be. A lone
 * `{key, Value}` tuple is a fragment of a proplist (documentation excerpts, `rabbitmqctl report`
 * tails): it is read as a one-key object and never counts as complete output.
 */
export function readErlangPayload(payload: string): ErlangPayload | null {
  const parsed = parseErlangTerm(payload);
  if (parsed.term === null) return null;
  const complete = !parsed.truncated && !parsed.malformed;
  const term = parsed.term;
  if (term.kind === 'tuple') {
    const [key, value] = term.elements;
    if (key?.kind !== 'atom' || value === undefined || term.elements.length !== 2) return null;
    return { plain: { [key.name]: termToPlain(value) }, complete: false };
  }
  return { plain: termToPlain(term), complete };
}
