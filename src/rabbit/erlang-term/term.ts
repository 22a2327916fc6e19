/**
 * An Erlang term as rabbitmqctl prints it (3.2–3.7 default output, `--formatter erlang`, and the
 * Elixir-flavoured `{:badrpc, …}` lines of later CLIs). Strings stay strings: the printer already
 * chose to show them as text, while char-code lists only appear in 3.7 JSON.
 */
export type ErlangTerm =
  | { readonly kind: 'atom'; readonly name: string }
  | { readonly kind: 'string'; readonly value: string }
  | { readonly kind: 'integer'; readonly value: number }
  | { readonly kind: 'float'; readonly value: number }
  | { readonly kind: 'tuple'; readonly elements: readonly ErlangTerm[] }
  /** `tail` is null for a proper list and holds `b` for the improper `[a|b]`. */
  | { readonly kind: 'list'; readonly elements: readonly ErlangTerm[]; readonly tail: ErlangTerm | null }
  /** Bytes are kept as one char per byte (latin-1) unless the printer showed text. */
  | { readonly kind: 'binary'; readonly value: string }
  | { readonly kind: 'pid'; readonly text: string }
  /** `#Ref<…>`, `#Fun<…>`, `#Port<…>`, Elixir `#PID<…>`: only meaningful inside the VM, kept as text. */
  | { readonly kind: 'opaque'; readonly type: string; readonly body: string }
  | { readonly kind: 'map'; readonly entries: readonly MapEntry[] };

export interface MapEntry {
  readonly key: ErlangTerm;
  readonly value: ErlangTerm;
}

export interface ErlangTermParse {
  /** What was read. Containers cut short hold the elements read before the cut. */
  readonly term: ErlangTerm | null;
  /** The input ended inside the term (a truncated paste). */
  readonly truncated: boolean;
  /** Reading stopped at something that is not term syntax. */
  readonly malformed: boolean;
  /** Offset just after the last character that was read. */
  readonly end: number;
}
