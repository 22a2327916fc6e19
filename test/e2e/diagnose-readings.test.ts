import net from 'node:net';
import { createServices } from '../../src/app/create-services';
import { renderReplyText } from '../../src/chat/console/render-text';
import { buildRegistry } from '../../src/app/build-registry';
import { runCommandText } from '../../src/commands/run-command';
import type { CommandContext } from '../../src/commands/types';
import { loadConfigFile } from '../../src/config/load-config';
import { silentLogger } from '../../src/observability/logger';
import type { Reply } from '../../src/reply/model';
import { useTestLab } from '../helpers/lab';

/*
 * The seed incident's confusion, on a real lab: the bot cannot SSH to node 3. Only its peers can say
 * whether RabbitMQ there is down. With the default deadlines, as a responder would run the bot.
 */

// The e2e project's testTimeout in jest.config.js does not reach the tests (jest 30 treats it as a global option).
jest.setTimeout(120_000);

/** A loopback port nothing listens on: the SSH connect is refused at once, as with sshd stopped. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

describe('readings: unreachable from the bot is not down', () => {
  const lab = useTestLab({ nodes: 3 });

  async function ask(text: string): Promise<{ reply: Reply; rendered: string }> {
    const loaded = loadConfigFile(lab().configPath);
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.error));
    const port = await closedPort();
    const config = loaded.value.config;
    const clusters = config.clusters.map((c) => ({ ...c, nodes: c.nodes.map((n) => (n.name === lab().node('3').name ? { ...n, ssh: { ...n.ssh, port } } : n)) }));
    const services = createServices({ ...loaded.value, config: { ...config, clusters } }, silentLogger);
    const ctx: CommandContext = { actor: { id: 'U0ALICE', role: 'viewer' }, channel: 'console', services, progress: () => undefined };
    try {
      const reply = await runCommandText(buildRegistry(), `${text} lab`, ctx, silentLogger);
      return { reply, rendered: renderReplyText(reply, { colour: false, buttonIds: [] }) };
    } finally {
      await services.close();
    }
  }

  it('sshd refusing node 3 while RabbitMQ runs there: diagnose and status say the bot cannot reach it and its peers see it running', async () => {
    const [n1, n2, n3] = ['1', '2', '3'].map((i) => lab().node(i).name) as [string, string, string];
    const diagnosis = await ask('diagnose');
    // Host vitals may add findings of their own on a busy machine (high load): the top cause leads the summary.
    expect(diagnosis.reply.summary).toMatch(new RegExp(`^lab: ${n3} is unreachable from the bot over SSH(; \\d+ more findings?)?$`));
    expect(diagnosis.rendered).toContain(`Its peers ${n1}, ${n2} still see RabbitMQ on ${n3} running, so the cluster has not lost it.`);
    expect(diagnosis.rendered).not.toMatch(/is down|as seen by the cluster/);

    const status = await ask('status');
    expect(status.reply.summary).toBe(`lab: 2 of 3 nodes up; ${n3}: SSH unreachable`);
    expect(status.rendered).toContain(`${n1}, ${n2} still see ${n3} running: only the bot cannot get an answer from it.`);
    expect(status.rendered).not.toContain('no peer sees it running');
  });

  it('after a crash of node 3 (still no SSH to it), its peers say it is down and diagnose says so, by their account', async () => {
    const [n1, n2, n3] = ['1', '2', '3'].map((i) => lab().node(i).name) as [string, string, string];
    await lab().crash('3');
    // The survivors notice a kill -9 within about half a second: wait for that state, not for a time.
    let diagnosis = await ask('diagnose');
    const downFirst = new RegExp(`^lab: ${n3} is down(; \\d+ more findings?)?$`);
    for (let attempt = 0; attempt < 10 && !downFirst.test(diagnosis.reply.summary); attempt++) diagnosis = await ask('diagnose');
    expect(diagnosis.reply.summary).toMatch(downFirst);
    expect(diagnosis.rendered).toContain(`${n3} is down as seen by ${n1}, ${n2}`);
    expect(diagnosis.rendered).toContain('The bot cannot reach its host over SSH either.');
  });
});
