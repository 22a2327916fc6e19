import net from 'node:net';

const EPMD_PORT = 4369;
/** NAMES_REQ of the epmd protocol: a 2-byte length (1) and the request code 110. */
const NAMES_REQUEST = Buffer.from([0, 1, 110]);

/** Short names from epmd's NAMES_RESP body (`name rabbit1 at port 25672` per line, after a 4-byte port). */
export function parseEpmdNames(response: Buffer): string[] {
  return response
    .subarray(4)
    .toString('latin1')
    .split('\n')
    .map((line) => /^name (\S+) at port \d+/.exec(line)?.[1])
    .filter((name): name is string => name !== undefined);
}

/**
 * Node names registered with the machine's epmd, which every lab and CI job shares: a name already
 * there would make our node's boot fail with a less helpful message. No epmd running means no names.
 */
export function listEpmdNames(timeoutMs = 2_000): Promise<string[]> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    const socket = net.connect({ host: '127.0.0.1', port: EPMD_PORT }, () => socket.write(NAMES_REQUEST));
    socket.setTimeout(timeoutMs, () => socket.destroy());
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('error', () => undefined);
    socket.on('close', () => resolve(parseEpmdNames(Buffer.concat(chunks))));
  });
}
