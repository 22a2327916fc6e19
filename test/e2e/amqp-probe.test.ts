import net from 'node:net';
import amqp from 'amqplib';
import { probeCluster } from '../../src/amqp/probe-cluster';
import { createServices, type RunningServices } from '../../src/app/create-services';
import { buildRegistry } from '../../src/app/build-registry';
import { renderReplyText } from '../../src/chat/console/render-text';
import { runCommandText } from '../../src/commands/run-command';
import type { CommandContext } from '../../src/commands/types';
import type { ClusterConfig } from '../../src/config/schema';
import { startSilentListener } from '../../src/lab/silent-listener';
import { silentLogger } from '../../src/observability/logger';
import type { Reply } from '../../src/reply/model';
import { processSecretSources } from '../../src/secrets/load-secret';
import { labConfigWithAmqp } from '../helpers/amqp-lab-config';
import { useTestLab } from '../helpers/lab';
import { attemptUntil } from '../helpers/wait-for';

// The e2e project's testTimeout in jest.config.js does not reach the tests (jest 30 treats it as a global option).
jest.setTimeout(180_000);

const QUEUE = 'cq.home3';

/** One connection and one channel with 'error' listeners on both, as STACK.md asks of any amqplib user. */
async function withChannel<T>(port: number, body: (channel: amqp.Channel) => Promise<T>): Promise<T> {
  const connection = await amqp.connect(`amqp://guest:guest@127.0.0.1:${port}`, { timeout: 5_000 });
  connection.on('error', () => undefined);
  try {
    const channel = await connection.createChannel();
    channel.on('error', () => undefined);
    return await body(channel);
  } finally {
    await connection.close().catch(() => undefined);
  }
}

const text = (reply: Reply): string => renderReplyText(reply, { colour: false, buttonIds: [] });

/** A port nothing listens on: bound by us, then released. */
function closedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen({ host: '127.0.0.1', port: 0 }, () => {
      const address = server.address();
      if (address === null || typeof address === 'string') return reject(new Error('no TCP address'));
      server.close(() => resolve(address.port));
    });
  });
}

describe('AMQP probes and cutover pre-checks on a real 3-node lab with a standby', () => {
  const lab = useTestLab({ nodes: 3, standby: true });
  let services: RunningServices | null = null;

  const run = (command: string): Promise<Reply> => {
    if (services === null) throw new Error('services not started');
    const ctx: CommandContext = { actor: { id: 'U0ALICE', role: 'viewer' }, channel: 'console', services, progress: () => undefined };
    return runCommandText(buildRegistry(), command, ctx, silentLogger);
  };

  afterAll(async () => {
    await services?.close();
  });

  it('/rmq probe on a healthy cluster: every endpoint carries a canary message and the critical queue answers', async () => {
    await withChannel(lab().node('3').amqpPort, async (channel) => {
      await channel.assertQueue(QUEUE, { durable: true });
      channel.sendToQueue(QUEUE, Buffer.from('order 1'), { persistent: true });
    });
    services = createServices(labConfigWithAmqp(lab(), { lab: [{ vhost: '/', name: QUEUE }] }), silentLogger);
    const reply = await run('probe lab');
    const rendered = text(reply);
    process.stderr.write(`[amqp e2e] /rmq probe lab\n${rendered}\n`);
    expect(reply.mark).toBe('ok');
    expect(reply.summary).toBe('lab: every AMQP endpoint carries messages');
    expect(rendered.match(/publish → consume round trip [\d.]+ ms/g)).toHaveLength(3);
    expect(rendered).toMatch(/cq\.home3\s+\/\s+127\.0\.0\.1:\d+\s+available: \d+ messages, 0 consumers/);
  });

  it('/rmq cutover-check lists a topology declared only on the primary, and finds the standby healthy', async () => {
    await withChannel(lab().node('1').amqpPort, async (channel) => {
      await channel.assertExchange('orders', 'topic', { durable: true });
      await channel.assertQueue('orders.eu', { durable: true });
      await channel.bindQueue('orders.eu', 'orders', 'eu.#');
    });
    const reply = await run('cutover-check lab');
    const rendered = text(reply);
    process.stderr.write(`[amqp e2e] /rmq cutover-check lab\n${rendered}\n`);
    expect(rendered).toMatch(/Standby lab-standby is healthy: 1 node running, canary round trip 127\.0\.0\.1:\d+ \/: [\d.]+ ms/);
    expect(reply.mark).toBe('warning');
    expect(reply.summary).toContain('standby healthy');
    expect(rendered).toMatch(/exchange\s+\/\s+orders\s+missing on the standby \(topic exchange\)/);
    expect(rendered).toMatch(/queue\s+\/\s+orders\.eu\s+missing on the standby/);
    expect(rendered).toMatch(/binding\s+\/\s+orders → queue orders\.eu\s+routing key "eu\.#" missing on the standby/);
    // cq.home3 and the default exchange's bindings of both queues are missing too: 6 differences in all.
    expect(reply.summary).toContain('6 topology difference(s)');
  });

  it('a closed port, a silent listener and a missing vhost are results, not crashes', async () => {
    const silent = await startSilentListener();
    try {
      const cluster: ClusterConfig = {
        name: 'nowhere',
        role: 'standby',
        nodes: lab().nodes.slice(0, 1).map((n) => ({ name: n.name, ssh: { host: '127.0.0.1', port: 22, user: 'root', agent: true, allowUnknownHostKey: true }, commandPrefix: [], rabbitmqctl: 'rabbitmqctl', env: {}, longNames: false })),
        amqp: {
          endpoints: [{ host: '127.0.0.1', port: await closedPort() }, { host: '127.0.0.1', port: silent.port }, { host: '127.0.0.1', port: lab().node('1').amqpPort }],
          vhosts: ['no-such-vhost'],
          username: 'guest',
          password: { env: 'RMQ_AMQP_E2E_PASSWORD' },
          criticalQueues: [],
        },
      };
      const deadlines = { connectMs: 1_500, checkMs: 3_000 };
      const probe = await probeCluster(cluster, deadlines, { ...processSecretSources, env: { RMQ_AMQP_E2E_PASSWORD: 'guest' } });
      const failures = probe?.endpoints.map((e) => (e.vhosts[0]?.kind === 'unreachable' ? e.vhosts[0].failure.kind : 'connected'));
      expect(failures).toEqual(['refused', 'timeout', 'vhost-refused']);
      const unset = await probeCluster(cluster, deadlines, { ...processSecretSources, env: {} });
      expect(unset?.endpoints[0]?.vhosts[0]).toMatchObject({ kind: 'unreachable', failure: { kind: 'password-unavailable', reason: 'environment variable RMQ_AMQP_E2E_PASSWORD is not set' } });
    } finally {
      await silent.close();
    }
  });

  it('after node 3 crashes, /rmq probe reports the home-node error clients see for the critical queue', async () => {
    await lab().crash('3');
    const dead = lab().node('3').name;
    // Survivors notice a kill -9 within half a second; until then the declare may still reach node 3.
    const reply = await attemptUntil(() => run('probe lab'), (r) => text(r).includes(`home node '${dead}'`), 40);
    const rendered = text(reply);
    process.stderr.write(`[amqp e2e] /rmq probe lab after the crash\n${rendered}\n`);
    expect(reply.mark).toBe('critical');
    expect(reply.summary).toBe(`lab: critical queue ${QUEUE} unavailable to clients`);
    expect(rendered).toContain(`NOT_FOUND - home node '${dead}' of durable queue '${QUEUE}' in vhost '/' is down or inaccessible`);
    expect(rendered).toMatch(new RegExp(`127\\.0\\.0\\.1:${lab().node('3').amqpPort}\\s+/\\s+✖ unreachable\\s+connection (refused|reset)`));
  });

  it('/rmq diagnose adds what clients see and ties the home-node error to the queues homed on the lost node', async () => {
    const dead = lab().node('3').name;
    // The survivors' listing must have the queue before the tie can be made; the status side may time out on a busy machine.
    const reply = await attemptUntil(() => run('diagnose lab'), (r) => text(r).includes('listed above'), 3);
    const rendered = text(reply);
    expect(reply.mark).toBe('critical');
    expect(rendered).toContain('What clients see (AMQP probe)');
    expect(rendered).toContain(`Clients cannot use critical queue ${QUEUE} (vhost /): "NOT_FOUND - home node '${dead}' of durable queue '${QUEUE}' in vhost '/' is down or inaccessible". It is one of the durable queues homed on ${dead} listed above`);
  });
});
