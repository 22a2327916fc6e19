import net from 'node:net';

/** Connects to 127.0.0.1:PORT and returns the server's first line if it starts with `SSH-`, else null. */
export function readSshBanner(port: number, timeoutMs: number): Promise<string | null> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    let received = '';
    const done = (banner: string | null) => {
      socket.destroy();
      resolve(banner);
    };
    socket.setTimeout(timeoutMs, () => done(null));
    socket.on('error', () => done(null));
    socket.on('data', (chunk) => {
      received += chunk.toString('latin1');
      const line = received.split('\r\n')[0] ?? '';
      if (received.includes('\n')) done(line.startsWith('SSH-') ? line.trim() : null);
    });
    socket.on('end', () => done(null));
  });
}
