import { startLoopbackServer, type LoopbackServer } from './loopback-server';

export type SilentListener = LoopbackServer;

/**
 * "A host that accepts TCP but never speaks": a loopback listener that accepts connections and
 * never writes a byte. OpenSSH without ConnectTimeout hangs on it forever; ssh2 hits readyTimeout.
 */
export function startSilentListener(): Promise<SilentListener> {
  return startLoopbackServer(() => undefined);
}
