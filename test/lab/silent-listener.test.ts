import net from 'node:net';
import { startSilentListener } from '../../src/lab/silent-listener';

describe('startSilentListener', () => {
  it('accepts a TCP connection and never sends a byte', async () => {
    const listener = await startSilentListener();
    try {
      const received = await new Promise<{ connected: boolean; bytes: number }>((resolve) => {
        let bytes = 0;
        let connected = false;
        const socket = net.connect({ host: '127.0.0.1', port: listener.port }, () => (connected = true));
        socket.on('data', (d) => (bytes += d.length));
        setTimeout(() => {
          socket.destroy();
          resolve({ connected, bytes });
        }, 300);
      });
      expect(received).toEqual({ connected: true, bytes: 0 });
    } finally {
      await listener.close();
    }
  });

  it('closes even with a client still connected: that client is disconnected and the port refuses new ones', async () => {
    const listener = await startSilentListener();
    const socket = net.connect({ host: '127.0.0.1', port: listener.port });
    socket.on('error', () => undefined);
    await new Promise((resolve) => socket.once('connect', resolve));
    const disconnected = new Promise<boolean>((resolve) => socket.once('close', () => resolve(true)));
    await listener.close();
    expect(await disconnected).toBe(true);
    const again = await new Promise<string>((resolve) => {
      const retry = net.connect({ host: '127.0.0.1', port: listener.port });
      retry.once('connect', () => {
        retry.destroy();
        resolve('connected');
      });
      retry.once('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? 'error'));
    });
    expect(again).toBe('ECONNREFUSED');
  });
});
