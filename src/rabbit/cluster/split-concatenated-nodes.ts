/**
 * RabbitMQ 4.1.2–4.1.3 print `running_nodes` in JSON as one string of names run together
 * ("rabbit@arabbit@b", rabbitmq-server#14398). Known node names (disk and RAM nodes) are matched
 * first, longest first; what is left is split before each repeat of the first name's `prefix@`.
 */
export function splitConcatenatedNodes(joined: string, knownNodes: readonly string[]): string[] {
  const known = [...new Set(knownNodes)].filter((node) => node !== '').sort((a, b) => b.length - a.length);
  const nodes: string[] = [];
  let rest = joined;
  while (rest !== '') {
    const match = known.find((node) => rest.startsWith(node));
    if (match === undefined) break;
    nodes.push(match);
    rest = rest.slice(match.length);
  }
  if (rest === '') return nodes;
  const at = rest.indexOf('@');
  if (at <= 0) return [...nodes, rest];
  const prefix = rest.slice(0, at + 1);
  const pieces = rest.split(prefix).filter((piece) => piece !== '').map((piece) => prefix + piece);
  return [...nodes, ...pieces];
}
