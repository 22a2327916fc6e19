/**
 * Splits nodes into partition sides: nodes reported unable to see each other are apart, every other
 * pair is assumed connected, and each connected group is one side.
 */
export const partitionSides = (nodes: readonly string[], apart: readonly (readonly [string, string])[]): string[][] => {
  const separated = new Set(apart.flatMap(([a, b]) => [`${a}\u0000${b}`, `${b}\u0000${a}`]));
  const sides: string[][] = [];
  for (const node of [...new Set(nodes)].sort()) {
    const side = sides.find((members) => members.every((member) => !separated.has(`${member}\u0000${node}`)));
    if (side) side.push(node);
    else sides.push([node]);
  }
  return sides;
};
