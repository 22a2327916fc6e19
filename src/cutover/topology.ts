import type { ListedBinding, ListedExchange } from '../rabbit/parse-topology';

export interface TopologyQueue {
  readonly vhost: string;
  readonly name: string;
}

/** The declared topology of the compared vhosts, as one node of a cluster listed it. */
export interface Topology {
  readonly exchanges: readonly ListedExchange[];
  readonly queues: readonly TopologyQueue[];
  readonly bindings: readonly ListedBinding[];
}

/** Something clients rely on that the primary has and the standby lacks (or has differently). */
export type TopologyDifference =
  | { readonly kind: 'exchange-missing'; readonly vhost: string; readonly name: string; readonly type: string | null }
  | { readonly kind: 'exchange-type-differs'; readonly vhost: string; readonly name: string; readonly primary: string | null; readonly standby: string | null }
  | { readonly kind: 'queue-missing'; readonly vhost: string; readonly name: string }
  | { readonly kind: 'binding-missing'; readonly binding: ListedBinding };

/**
 * Server-named queues (`amq.gen-…`) belong to one client connection, are exclusive and vanish with
 * it: they are not topology a standby should have, nor are the bindings to them.
 */
const isServerNamed = (queue: string): boolean => queue.startsWith('amq.gen-');

const exchangeKey = (e: { vhost: string; name: string }): string => JSON.stringify([e.vhost, e.name]);
const bindingKey = (b: ListedBinding): string => JSON.stringify([b.vhost, b.source, b.destinationKind, b.destination, b.routingKey]);

/** Every exchange, queue and binding of the primary that the standby does not have, in the primary's order. */
export function diffTopology(primary: Topology, standby: Topology): TopologyDifference[] {
  const standbyExchanges = new Map(standby.exchanges.map((e) => [exchangeKey(e), e]));
  const standbyQueues = new Set(standby.queues.map(exchangeKey));
  const standbyBindings = new Set(standby.bindings.map(bindingKey));
  const exchanges = primary.exchanges.flatMap((e): TopologyDifference[] => {
    const twin = standbyExchanges.get(exchangeKey(e));
    if (twin === undefined) return [{ kind: 'exchange-missing', vhost: e.vhost, name: e.name, type: e.type }];
    return twin.type === e.type ? [] : [{ kind: 'exchange-type-differs', vhost: e.vhost, name: e.name, primary: e.type, standby: twin.type }];
  });
  const queues = primary.queues
    .filter((q) => !isServerNamed(q.name) && !standbyQueues.has(exchangeKey(q)))
    .map((q): TopologyDifference => ({ kind: 'queue-missing', vhost: q.vhost, name: q.name }));
  const bindings = primary.bindings
    .filter((b) => !(b.destinationKind === 'queue' && isServerNamed(b.destination)) && !standbyBindings.has(bindingKey(b)))
    .map((binding): TopologyDifference => ({ kind: 'binding-missing', binding }));
  return [...exchanges, ...queues, ...bindings];
}
