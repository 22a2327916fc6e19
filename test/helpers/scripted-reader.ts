import { err } from '../../src/result';
import type { NodeReader } from '../../src/transport/types';

/**
 * A node reader for tests that script rabbitmqctl's answers: it runs the given read function and
 * opens no loopback channel, as a node with nothing listening on the port would answer.
 */
export function scriptedReader(read: NodeReader['read']): NodeReader {
  return {
    read,
    openLoopbackChannel: async (port) => err({ kind: 'channel-refused', detail: `a scripted reader opens no channel (port ${port})` }),
  };
}
