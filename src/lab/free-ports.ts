import net from 'node:net';

/** True if nothing listens on 127.0.0.1:PORT (or on all interfaces at that port). */
export function isPortFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen({ host: '127.0.0.1', port, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

export async function portsInUse(ports: readonly number[]): Promise<number[]> {
  const free = await Promise.all(ports.map(isPortFree));
  return ports.filter((_, i) => free[i] === false);
}
