/**
 * An Erlang node name as it appears in logs: `rabbit@host`, `'rabbit@host-7'`, `rabbit@10.0.0.1`,
 * `rabbitmqcli-932-rabbit@vm`, or GitHub-masked `rab...@host`. The capture excludes the quotes and a
 * sentence-ending dot.
 */
export const NODE = String.raw`'?([\w.\-]+@[\w.\-]*[\w\-])'?`;

/**
 * How far after a literal the text that follows a node name can start: the name is an Erlang atom
 * (at most 255 characters), quotes and a space around it.
 */
export const AFTER_NODE_NAME_BYTES = 260;

/** Builds a matcher pattern from source text in which `NODE` marks a node name capture. */
export const withNodes = (source: string, flags = ''): RegExp => new RegExp(source.split('NODE').join(NODE), flags);

/**
 * The inside of an Erlang list up to its closing bracket, bounded and unable to cross a bracket, so
 * a list that never closes costs each match attempt a bounded scan. (Unbounded `[^\]]*@[^\]]*`
 * backtracks once per `@` over the rest of the record: quadratic in its length.)
 */
export const LIST_ITEMS = String.raw`[^\][]{0,4096}`;
/** The same up to the list's first `@`, for lists that must name a node. */
export const LIST_ITEMS_BEFORE_AT = String.raw`[^\][@]{0,4096}`;

/** Node names inside an Erlang list such as `[rabbit@node2,'rabbit@node-1']`, in order. */
export const nodesInList = (list: string): string[] =>
  list
    .split(',')
    .map((item) => item.trim().replace(/^'|'$/g, ''))
    .filter((item) => /^[\w.\-]+@[\w.\-]+$/.test(item));
