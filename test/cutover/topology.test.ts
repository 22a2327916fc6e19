import { diffTopology, type Topology } from '../../src/cutover/topology';
import { parseListBindings, parseListExchanges } from '../../src/rabbit/parse-topology';
import { readFixture } from '../helpers/fixtures';

const valid = <T>(r: { ok: true; value: T } | { ok: false; error: string }): T => {
  if (!r.ok) throw new Error(r.error);
  return r.value;
};

const primary: Topology = {
  exchanges: valid(parseListExchanges(readFixture('topology-3.10.8/list_exchanges.json.txt'), '/')),
  queues: [{ vhost: '/', name: 'orders.eu' }, { vhost: '/', name: 'amq.gen-Xyz' }],
  bindings: [
    ...valid(parseListBindings(readFixture('topology-3.10.8/list_bindings.json.txt'), '/')),
    { vhost: '/', source: '', destination: 'amq.gen-Xyz', destinationKind: 'queue', routingKey: 'amq.gen-Xyz' },
  ],
};

describe('diffTopology', () => {
  it('finds nothing when the standby has the same topology', () => {
    expect(diffTopology(primary, primary)).toEqual([]);
  });

  it('lists what the standby lacks: exchange, queue, each binding, a differing exchange type; never server-named queues', () => {
    const standby: Topology = {
      exchanges: primary.exchanges.filter((e) => e.name !== 'orders').map((e) => (e.name === 'amq.match' ? { ...e, type: 'direct' } : e)),
      queues: [],
      bindings: primary.bindings.filter((b) => b.routingKey !== 'eu.#'),
    };
    expect(diffTopology(primary, standby)).toEqual([
      { kind: 'exchange-type-differs', vhost: '/', name: 'amq.match', primary: 'headers', standby: 'direct' },
      { kind: 'exchange-missing', vhost: '/', name: 'orders', type: 'topic' },
      { kind: 'queue-missing', vhost: '/', name: 'orders.eu' },
      { kind: 'binding-missing', binding: { vhost: '/', source: 'orders', destination: 'orders.eu', destinationKind: 'queue', routingKey: 'eu.#' } },
    ]);
  });

  it('tells vhosts apart: the same queue name in another vhost is not a match', () => {
    const standby: Topology = { ...primary, queues: [{ vhost: 'other', name: 'orders.eu' }] };
    expect(diffTopology(primary, standby)).toEqual([{ kind: 'queue-missing', vhost: '/', name: 'orders.eu' }]);
  });

  it('ignores what only the standby has: parity is about what clients of the primary rely on', () => {
    const standby: Topology = { ...primary, queues: [...primary.queues, { vhost: '/', name: 'extra' }] };
    expect(diffTopology(primary, standby)).toEqual([]);
  });
});
