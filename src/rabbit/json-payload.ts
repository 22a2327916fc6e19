import type { PlainValue } from './erlang-term/term-to-plain';
import { parseLenientJson } from './json/parse-lenient-json';

export interface JsonPayload {
  readonly plain: PlainValue;
  readonly complete: boolean;
}

export function readJsonPayload(payload: string): JsonPayload | null {
  const parsed = parseLenientJson(payload);
  if (parsed.value === undefined) return null;
  return { plain: parsed.value, complete: !parsed.truncated && !parsed.malformed };
}
