import { forgetWarnings } from '../../src/runbooks/evict-runbook';

describe('what forget does to the queues homed on a node, said plainly', () => {
  it('a classic durable queue is DELETED with its messages; a quorum queue loses a member', () => {
    const warnings = forgetWarnings('rabbit3@mq3', [
      { name: 'orders', vhost: '/', node: 'rabbit3@mq3', durable: true, type: 'rabbit_classic_queue', messages: 1, state: 'down' },
      { name: 'audit', vhost: 'prod', node: null, durable: true, type: null, messages: null, state: null },
      { name: 'payments', vhost: '/', node: 'rabbit3@mq3', durable: true, type: 'quorum', messages: 12, state: 'running' },
    ]);
    expect(warnings).toEqual([
      "DELETED by forget: durable classic queue 'orders' (vhost /) with 1 message. It is not mirrored; its messages are lost for good.",
      "DELETED by forget: durable classic queue 'audit' (vhost prod) with an unknown number of messages. It is not mirrored; its messages are lost for good.",
      "Quorum queue 'payments' (vhost /) loses its member on rabbit3@mq3; after a rejoin, rabbitmq-queues grow adds it back.",
    ]);
  });
});
