import { parseListBindings, parseListExchanges } from '../../src/rabbit/parse-topology';
import { parseListQueues } from '../../src/rabbit/parse-list-queues';
import { queueColumnSets } from '../../src/rabbit/rabbitmqctl-command';
import { readFixture } from '../helpers/fixtures';

const valid = <T>(r: { ok: true; value: T } | { ok: false; error: string }): T => {
  if (!r.ok) throw new Error(r.error);
  return r.value;
};

describe('topology listings captured from RabbitMQ 3.10.8 (test/fixtures/topology-3.10.8)', () => {
  it.each(['list_exchanges.txt', 'list_exchanges.json.txt'])('%s: every exchange, the default one with the empty name included', (file) => {
    const exchanges = valid(parseListExchanges(readFixture(`topology-3.10.8/${file}`), '/'));
    expect(exchanges).toHaveLength(8);
    expect(exchanges).toContainEqual({ vhost: '/', name: 'orders', type: 'topic', durable: true, internal: false });
    expect(exchanges).toContainEqual({ vhost: '/', name: '', type: 'direct', durable: true, internal: false });
    expect(exchanges.find((e) => e.name === 'amq.rabbitmq.trace')?.internal).toBe(true);
  });

  it.each(['list_bindings.txt', 'list_bindings.json.txt'])('%s: bindings with routing keys that contain spaces and wildcards', (file) => {
    const bindings = valid(parseListBindings(readFixture(`topology-3.10.8/${file}`), '/'));
    expect(bindings).toEqual([
      { vhost: '/', source: '', destination: 'orders.eu', destinationKind: 'queue', routingKey: 'orders.eu' },
      { vhost: '/', source: 'orders', destination: 'orders.eu', destinationKind: 'queue', routingKey: 'eu.#' },
      { vhost: '/', source: 'orders', destination: 'orders.eu', destinationKind: 'queue', routingKey: 'key with space' },
    ]);
  });

  it.each(['list_queues_name_pid_durable.txt', 'list_queues_name_pid_durable.json.txt'])('%s: the queue names parity compares', (file) => {
    const queues = valid(parseListQueues(readFixture(`topology-3.10.8/${file}`), { vhost: '/', columns: queueColumnSets.home }));
    expect(queues.map((q) => q.name)).toEqual(['orders.eu']);
  });

  it('refuses a row with the wrong number of columns and JSON that is cut off, naming the listing', () => {
    expect(parseListBindings('Listing bindings for vhost /...\norders\texchange\tq\n', '/')).toEqual({ ok: false, error: expect.stringContaining('a list_bindings row has 3 columns where 5 were expected') });
    expect(parseListExchanges('[\n{"name":"a","type":"topic"', '/')).toEqual({ ok: false, error: expect.stringContaining('list_exchanges') });
  });

  it('reads text without a header row (pre-3.8 CLIs) by the columns asked for', () => {
    expect(valid(parseListExchanges('Listing exchanges ...\norders\ttopic\ttrue\tfalse\tfalse\n...done.\n', '/'))).toEqual([{ vhost: '/', name: 'orders', type: 'topic', durable: true, internal: false }]);
  });
});
