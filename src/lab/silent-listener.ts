import net from 'node:net';

export interface SilentListener {
  readonly port: number;
  close(): Promise<void>;
}

/**
 * "A host that accepts TCP but never speaks": a loopback listener that accepts connections and
 * never writes a byte. OpenSSH without ConnectTimeout hangs on it forever; ssh2 hits readyTimeout.
 */
export function startSilentListener(): Promise<SilentListener> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
    socket.on('close', () => sockets.delete(socket));
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host: '127.0.0.1', port: 0 }, () => {
      const address = server.address();
      if (address === null || typeof address === 'string') return reject(new Error('silent listener has no TCP address'));
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
