import { isMap, isScalar, isSeq, type Node as YamlNode } from 'yaml';

/** Deeper than any real bot config (about 6 levels); past it the file is an attack or a mistake. */
export const maxConfigDepth = 32;

export type TreeProblem =
  | { readonly kind: 'too-deep'; readonly node: YamlNode }
  | { readonly kind: 'duplicate-key'; readonly key: string; readonly path: readonly PropertyKey[]; readonly node: YamlNode };

interface Visit {
  readonly node: YamlNode;
  readonly depth: number;
  readonly path: readonly PropertyKey[];
}

/**
 * Checks the parsed tree for what the YAML library checks too slowly or not at all: duplicate
 * keys (its `uniqueKeys` compares every pair, 71 s for 80k keys) and nesting depth. One pass with
 * an explicit stack, so a deep file cannot overflow the call stack here either.
 */
export function checkYamlTree(root: YamlNode | null): TreeProblem[] {
  const problems: TreeProblem[] = [];
  const stack: Visit[] = root ? [{ node: root, depth: 0, path: [] }] : [];
  for (let visit = stack.pop(); visit; visit = stack.pop()) {
    const { node, depth, path } = visit;
    if (depth > maxConfigDepth) return [{ kind: 'too-deep', node }];
    if (isMap(node)) {
      const seen = new Set<unknown>();
      for (const item of node.items) {
        const key = isScalar(item.key) ? item.key.value : item.key;
        if (isScalar(item.key)) {
          if (seen.has(key)) problems.push({ kind: 'duplicate-key', key: String(key), path, node: item.key });
          seen.add(key);
        }
        if (item.value) stack.push({ node: item.value as YamlNode, depth: depth + 1, path: [...path, String(key)] });
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, i) => stack.push({ node: item as YamlNode, depth: depth + 1, path: [...path, i] }));
    }
  }
  return problems;
}
