import { readFileSync } from 'node:fs';
import net from 'node:net';
import amqp from 'amqplib';
import { createServices, type RunningServices } from '../../src/app/create-services';
import { renderReplyText } from '../../src/chat/console/render-text';
import { buildRegistry } from '../../src/app/build-registry';
import { runCommandText } from '../../src/commands/run-command';
import type { CommandContext } from '../../src/commands/types';
import { loadConfigFile } from '../../src/config/load-config';
import { disableLabManagement, enableLabManagement, writeLabManagementConfig } from '../../src/lab/lab-management';
import { probeManagement } from '../../src/management/probe-management';
import { silentLogger } from '../../src/observability/logger';
import type { Reply } from '../../src/reply/model';
import { useTestLab } from '../helpers/lab';
import { decodePng } from '../charts/decode-png';

jest.setTimeout(180_000);

const text = (reply: Reply): string => renderReplyText(reply, { colour: false, buttonIds: [] });

describe('/rmq management on a real lab node, through its SSH connection', () => {
  const lab = useTestLab({ nodes: 1 });
  let services: RunningServices | null = null;

  const start = (): RunningServices => {
    const loaded = loadConfigFile(lab().configPath);
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.error));
    services = createServices(loaded.value, silentLogger);
    return services;
  };
  const run = (command: string): Promise<Reply> => {
    const ctx: CommandContext = { actor: { id: 'U0ALICE', role: 'viewer' }, channel: 'console', services: services ?? start(), progress: () => undefined };
    return runCommandText(buildRegistry(), command, ctx, silentLogger);
  };

  afterAll(async () => {
    await services?.close();
  });

  it('without a management: key the command says how to configure it', async () => {
    const reply = await run('management');
    expect(reply.summary).toBe('The management API is not configured.');
    await services?.close();
    services = null;
  });

  it('the API answers with the overview, the memory breakdown and the health checks', async () => {
    await enableLabManagement(lab(), '1');
    writeLabManagementConfig(lab());
    const reply = await run('management lab');
    const rendered = text(reply);
    process.stderr.write(`[management e2e]\n${rendered}\n`);
    expect(reply.summary).toBe('Management API: 1 of 1 nodes answer');
    expect(rendered).toMatch(/Management API\s+✔ answers \(3\.\d+\.\d+\) in/);
    expect(rendered).toMatch(/Check alarms\s+✔ ok/);
    expect(rendered).toMatch(/Memory\s+✔ .*plugins/);
  });

  it('charts real traffic whose publisher stops while its connection stays open: the PNG shows it and the reply says so', async () => {
    const connection = await amqp.connect(`amqp://guest:guest@127.0.0.1:${lab().node('1').amqpPort}`, { timeout: 5_000 });
    connection.on('error', () => undefined);
    try {
      const channel = await connection.createChannel();
      channel.on('error', () => undefined);
      await channel.assertQueue('chart.traffic', { durable: false });
      await channel.consume('chart.traffic', (m) => m && channel.ack(m));
      // The API samples every 5 s: 20 s of traffic gives a few points up, then wait for the floor.
      const publishUntil = Date.now() + 20_000;
      while (Date.now() < publishUntil) {
        for (let i = 0; i < 20; i++) channel.sendToQueue('chart.traffic', Buffer.from('order'));
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      let reply = await run('chart rates lab --since 2m');
      const until = Date.now() + 60_000;
      while (!reply.blocks.some((b) => b.kind === 'text' && b.text.startsWith('publish dropped to zero')) && Date.now() < until) {
        await new Promise((resolve) => setTimeout(resolve, 5_000));
        reply = await run('chart rates lab --since 2m');
      }
      process.stderr.write(`[chart e2e]\n${text(reply)}\n`);
      expect(text(reply)).toMatch(/publish dropped to zero at \d\d:\d\d:\d\d UTC \(from [\d.]+\/s\) while 1 client connection stays open\./);
      const file = /: (\/\S+\.png)$/.exec(reply.summary)?.[1];
      if (file === undefined) throw new Error(`no PNG path in ${reply.summary}`);
      const png = decodePng(readFileSync(file));
      expect(png.width).toBeGreaterThan(700);
    } finally {
      await connection.close().catch(() => undefined);
    }
  });

  it('with the plugin disabled: "does not answer, the broker does"', async () => {
    await disableLabManagement(lab(), '1');
    const reply = await run('management lab');
    const rendered = text(reply);
    expect(rendered).toContain(`management API does not answer, the broker does: node ${lab().node('1').name}`);
    expect(rendered).toMatch(/Management API\s+▲ does not answer: nothing listens on its port/);
    expect(rendered).toMatch(/RabbitMQ\s+✔ running \(rabbitmqctl\)/);
  });

  it('a listener that accepts and never answers costs the probe its deadline, no more', async () => {
    const sockets: net.Socket[] = [];
    const silent = net.createServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const port = (silent.address() as net.AddressInfo).port;
      const running = services ?? start();
      const management = running.config.management;
      if (management === undefined) throw new Error('the lab config has no management key');
      const node = running.config.clusters[0]!.nodes[0]!;
      const deadlineMs = 1_500;
      const probe = await probeManagement(running.readerFor('lab', node.name), node, { ...management, nodePorts: { [node.name]: port }, deadlineMs });
      expect(probe.verdict).toMatchObject({ kind: 'silent', reason: 'timeout' });
      expect(probe.durationMs).toBeGreaterThanOrEqual(deadlineMs - 50);
    } finally {
      for (const s of sockets) s.destroy();
      silent.close();
    }
  });
});
