/**
 * An Erlang node name as it appears in logs: `rabbit@host`, `'rabbit@host-7'`, `rabbit@10.0.0.1`,
 * `rabbitmqcli-932-rabbit@vm`, or GitHub-masked `rab...@host`. The capture excludes the quotes and a
 * sentence-ending dot.
 */
export const NODE = String.raw`'?([\w.\-]+@[\w.\-]*[\w\-])'?`;

/** Builds a matcher pattern from source text in which `NODE` marks a node name capture. */
export const withNodes = (source: string, flags = ''): RegExp => new RegExp(source.split('NODE').join(NODE), flags);

/** Node names inside an Erlang list such as `[rabbit@node2,'rabbit@node-1']`, in order. */
export const nodesInList = (list: string): string[] =>
  list
    .split(',')
    .map((item) => item.trim().replace(/^'|'$/g, ''))
    .filter((item) => /^[\w.\-]+@[\w.\-]+$/.test(item));
