import net from 'node:net';

export interface LoopbackServer {
  readonly port: number;
  /** Stops listening and drops every connection still open. */
  close(): Promise<void>;
}

/**
 * A TCP server on a free loopback port that tracks its connections, so closing it never waits on
 * a client that stays connected. `onConnection` gets each accepted socket, and `track` for any
 * further socket (a relay's backend) to drop with the rest.
 */
export function startLoopbackServer(onConnection: (socket: net.Socket, track: (other: net.Socket) => void) => void): Promise<LoopbackServer> {
  const sockets = new Set<net.Socket>();
  const track = (socket: net.Socket) => {
    sockets.add(socket);
    socket.on('error', () => socket.destroy());
    socket.on('close', () => sockets.delete(socket));
  };
  const server = net.createServer((socket) => {
    track(socket);
    onConnection(socket, track);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host: '127.0.0.1', port: 0 }, () => {
      const address = server.address();
      if (address === null || typeof address === 'string') return reject(new Error('loopback server has no TCP address'));
      resolve({
        port: address.port,
        close: () =>
          new Promise<void>((done) => {
            for (const socket of sockets) socket.destroy();
            server.close(() => done());
          }),
      });
    });
  });
}
