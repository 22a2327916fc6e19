import net from 'node:net';
import { httpGetOverChannel } from '../../src/management/http-over-channel';

/*
 * The loopback channel is a raw stream; what keeps the management probe read-only is that the one
 * thing ever sent over it is a GET. A local TCP server stands in for the node's API.
 */
describe('one GET over an open channel', () => {
  it('sends a GET and nothing else, and reads the answer', async () => {
    const requests: string[] = [];
    const api = net.createServer((socket) => {
      socket.once('data', (data: Buffer) => {
        requests.push(data.toString('utf8'));
        socket.end('HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 2\r\nconnection: close\r\n\r\n{}');
      });
    });
    await new Promise<void>((resolve) => api.listen(0, '127.0.0.1', resolve));
    try {
      const channel = net.connect((api.address() as net.AddressInfo).port, '127.0.0.1');
      const answer = await httpGetOverChannel(channel, { path: '/api/overview', authorization: 'Basic Z3Vlc3Q6Z3Vlc3Q=', maxBytes: 1024, signal: AbortSignal.timeout(5_000) });
      expect(answer).toEqual({ kind: 'answered', status: 200, body: '{}', truncated: false });
      expect(requests).toHaveLength(1);
      expect(requests[0]).toMatch(/^GET \/api\/overview HTTP\/1\.1\r\n/);
      expect(channel.destroyed).toBe(true);
    } finally {
      await new Promise((resolve) => api.close(resolve));
    }
  });
});
