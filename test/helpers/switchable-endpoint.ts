import { readFileSync } from 'node:fs';
import net from 'node:net';
import { startLoopbackServer, type LoopbackServer } from '../../src/lab/loopback-server';

/**
 * The "client-facing endpoint" of a cutover test, standing in for a load balancer: a TCP relay on
 * loopback that reads the backend port from `targetFile` on every new connection, so whatever
 * rewrites that file (the configured switch, run over SSH) decides which real broker the next
 * client reaches. Bytes pass through untouched: an AMQP client sees the broker's own handshake.
 */
export function startSwitchableEndpoint(targetFile: string): Promise<LoopbackServer> {
  return startLoopbackServer((client, track) => {
    const backend = net.connect({ host: '127.0.0.1', port: Number(readFileSync(targetFile, 'utf8').trim()) });
    track(backend);
    client.pipe(backend);
    backend.pipe(client);
    client.on('close', () => backend.destroy());
    backend.on('close', () => client.destroy());
  });
}
