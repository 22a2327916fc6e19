import { classifyConnectError, classifyQueueError } from '../../src/amqp/classify-amqp-error';

const context = { vhost: 'nope', username: 'bot', afterMs: 5_000 };
const withCode = (message: string, code: unknown): Error => Object.assign(new Error(message), { code });

describe('classifyConnectError', () => {
  it('translates amqplib\'s ConnectionOpenOk complaint about a refused vhost (its exact 2.3 text against 3.10.8)', () => {
    const e = new Error('Expected ConnectionOpenOk; got <ConnectionClose channel:0>');
    expect(classifyConnectError(e, context)).toEqual({ kind: 'vhost-refused', vhost: 'nope', username: 'bot' });
  });

  it('tells a refused vhost permission, a refused login, a closed port and a silent one apart', () => {
    expect(classifyConnectError(new Error('Handshake terminated by server: 403 (ACCESS-REFUSED) with message "ACCESS_REFUSED - Login was refused using authentication mechanism PLAIN."'), context)).toEqual({ kind: 'auth-failed' });
    expect(classifyConnectError(withCode('connect ECONNREFUSED 127.0.0.1:1', 'ECONNREFUSED'), context)).toEqual({ kind: 'refused' });
    expect(classifyConnectError(withCode('connect ETIMEDOUT', 'ETIMEDOUT'), context)).toEqual({ kind: 'timeout', afterMs: 5_000 });
    expect(classifyConnectError(new Error('Error: read ECONNRESET'), context)).toEqual({ kind: 'reset' });
    expect(classifyConnectError(new Error('Frame size exceeds frame max'), context)).toEqual({ kind: 'other', message: 'Frame size exceeds frame max' });
  });
});

describe('classifyQueueError', () => {
  it('keeps the broker\'s home-node text word for word and names the node', () => {
    const e = withCode(
      'Operation failed: QueueDeclare; 404 (NOT-FOUND) with message "NOT_FOUND - home node \'rabbit3@localhost\' of durable queue \'cq.home3\' in vhost \'/\' is down or inaccessible"',
      404,
    );
    expect(classifyQueueError(e)).toEqual({ kind: 'home-node-down', node: 'rabbit3@localhost', message: "NOT_FOUND - home node 'rabbit3@localhost' of durable queue 'cq.home3' in vhost '/' is down or inaccessible" });
  });

  it('reports a missing queue as not-found', () => {
    const e = withCode('Operation failed: QueueDeclare; 404 (NOT-FOUND) with message "NOT_FOUND - no queue \'gone\' in vhost \'/\'"', 404);
    expect(classifyQueueError(e)).toEqual({ kind: 'not-found', message: "NOT_FOUND - no queue 'gone' in vhost '/'" });
  });
});
