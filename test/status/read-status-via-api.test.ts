import net from 'node:net';
import { configSchema, type NodeConfig } from '../../src/config/schema';
import type { ManagementConfig } from '../../src/management/management-config';
import { ok } from '../../src/result';
import { readStatusViaApi, STATUS_API_ANSWER_MS } from '../../src/status/read-status-via-api';
import type { NodeReader } from '../../src/transport/types';
import { readFixture } from '../helpers/fixtures';
import { scriptedReader } from '../helpers/scripted-reader';

/* A local TCP server stands in for the node's API; the reader's loopback channel is a TCP connection to it. */
const capture = readFixture('management/api-nodes-3.10.8-one-node.json');
const nodeName = (JSON.parse(capture) as [{ name: string }])[0].name;
const config = configSchema.parse({
  clusters: [{ name: 'lab', role: 'primary', nodes: [{ name: nodeName, ssh: { host: '127.0.0.1', user: 'root', agent: true, allowUnknownHostKey: true } }] }],
  management: { user: 'monitoring', password: { env: 'MGMT_PASSWORD' } },
});
const node = config.clusters[0]!.nodes[0] as NodeConfig;
const management = config.management as ManagementConfig;
const secrets = { env: { MGMT_PASSWORD: 'secret' }, readFile: () => '' };
const noCommands: NodeReader['read'] = async () => {
  throw new Error('the fast path runs no command');
};

async function withApi(answer: ((socket: net.Socket) => void) | null, body: (reader: NodeReader) => Promise<void>): Promise<void> {
  const sockets: net.Socket[] = [];
  const api = net.createServer((socket) => {
    sockets.push(socket);
    if (answer !== null) socket.once('data', () => answer(socket));
  });
  await new Promise<void>((resolve) => api.listen(0, '127.0.0.1', resolve));
  const port = (api.address() as net.AddressInfo).port;
  try {
    await body({ read: noCommands, openLoopbackChannel: async () => ok(net.connect(port, '127.0.0.1')) });
  } finally {
    for (const s of sockets) s.destroy();
    await new Promise((resolve) => api.close(resolve));
  }
}

const respond = (status: string, text: string) => (socket: net.Socket) =>
  socket.end(`HTTP/1.1 ${status}\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(text)}\r\nconnection: close\r\n\r\n${text}`);

describe('readStatusViaApi: one GET /api/nodes, or why rabbitmqctl is asked', () => {
  it('an answering API gives the node report rabbitmqctl would have given', async () => {
    await withApi(respond('200 OK', capture), async (reader) => {
      const read = await readStatusViaApi(reader, 'lab', node, management, config.deadlines, secrets);
      expect(read).toMatchObject({ kind: 'read', report: { kind: 'reached', node: nodeName, status: { kind: 'ok', value: { rabbitmqVersion: '3.10.8' } }, view: { kind: 'ok', value: { runningNodes: [nodeName] } } } });
    });
  });

  it.each([
    ['a refused login', respond('401 Unauthorized', '{"error":"not_authorised"}'), 'it refused the configured login (HTTP 401)'],
    ['an error page', respond('500 Internal Server Error', 'oops'), 'HTTP 500'],
    ['JSON of another shape', respond('200 OK', '{"error":"x"}'), 'its /api/nodes answer is not what the bot reads'],
  ])('%s: missed, with the reason', async (_what, answer, reason) => {
    await withApi(answer, async (reader) => {
      expect(await readStatusViaApi(reader, 'lab', node, management, config.deadlines, secrets)).toEqual({ kind: 'missed', reason });
    });
  });

  it('a listener that never answers costs the answer window, then rabbitmqctl is asked', async () => {
    await withApi(null, async (reader) => {
      const started = performance.now();
      expect(await readStatusViaApi(reader, 'lab', node, management, config.deadlines, secrets)).toEqual({ kind: 'missed', reason: `no answer within ${STATUS_API_ANSWER_MS} ms` });
      expect(performance.now() - started).toBeGreaterThanOrEqual(STATUS_API_ANSWER_MS - 50);
    });
  });

  it('nothing listening is a miss; an unset password is a miss that names the fix', async () => {
    expect(await readStatusViaApi(scriptedReader(noCommands), 'lab', node, management, config.deadlines, secrets)).toEqual({ kind: 'missed', reason: 'nothing listens on its port' });
    const missed = await readStatusViaApi(scriptedReader(noCommands), 'lab', node, management, config.deadlines, { env: {}, readFile: () => '' });
    expect(missed).toMatchObject({ kind: 'missed', reason: expect.stringContaining('MGMT_PASSWORD') });
  });
});
