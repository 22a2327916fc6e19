import path from 'node:path';
import { createServices, type RunningServices } from '../../src/app/create-services';
import { buildRegistry } from '../../src/app/build-registry';
import { renderReplyText } from '../../src/chat/console/render-text';
import { runCommandText } from '../../src/commands/run-command';
import type { Actor, CommandContext } from '../../src/commands/types';
import { loadConfigFile } from '../../src/config/load-config';
import { silentLogger } from '../../src/observability/logger';
import type { Reply } from '../../src/reply/model';
import { useTestLab } from '../helpers/lab';
import { attemptUntil } from '../helpers/wait-for';
import { withConfirmChannel } from '../helpers/amqp-channel';

// The e2e project's testTimeout in jest.config.js does not reach the tests (jest 30 treats it as a global option).
jest.setTimeout(300_000);

const QUEUE = 'cq.evict3';

const text = (reply: Reply): string => renderReplyText(reply, { colour: false, buttonIds: [] });
const alice: Actor = { id: 'U0ALICE', role: 'operator' };
const aliceAsApprover: Actor = { id: 'U0ALICE', role: 'approver' };
const bob: Actor = { id: 'U0BOB', role: 'approver' };

describe('the evict runbook on a real lab whose node 3 crashed with a durable classic queue on it', () => {
  const lab = useTestLab({ nodes: 3 });
  let services: RunningServices | null = null;

  const run = (actor: Actor, command: string): Promise<Reply> => {
    if (services === null) throw new Error('services not started');
    const ctx: CommandContext = { actor, channel: 'console', services, progress: () => undefined };
    return runCommandText(buildRegistry(), command, ctx, silentLogger);
  };

  afterAll(async () => {
    await services?.close();
  });

  it('lists the queue and the deletion warning, refuses without the typed name and the requester as approver, runs after a second approver and verifies', async () => {
    await withConfirmChannel(lab().node('3').amqpPort, async (channel) => {
      await channel.assertQueue(QUEUE, { durable: true });
      for (const n of [1, 2, 3]) channel.sendToQueue(QUEUE, Buffer.from(`order ${n}`), { persistent: true });
      await channel.waitForConfirms();
    });
    await lab().crash('3');
    const loaded = loadConfigFile(lab().configPath);
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.error));
    // No waiting period for the test: "down long enough" is measured from when the runbook first saw it down.
    services = createServices({ ...loaded.value, config: { ...loaded.value.config, runbooks: { ...loaded.value.config.runbooks, evictAfterDownMs: 0 } } }, silentLogger);

    const dead = lab().node('3').name;
    // Survivors notice a kill -9 within half a second; a busy machine may need a few rounds of probes.
    const opened = await attemptUntil(() => run(alice, `evict ${dead}`), (reply) => !reply.ephemeral, 10, 1_000);
    const rendered = text(opened);
    process.stderr.write(`[runbooks e2e] /rmq evict\n${rendered}\n`);
    const id = /^(RB-\d+):/.exec(opened.summary)?.[1] ?? '';
    expect(id).toMatch(/^RB-\d+$/);
    expect(rendered).toContain(`DELETED by forget: durable classic queue '${QUEUE}' (vhost /)`);
    expect(rendered).toContain('not mirrored; its messages are lost for good');
    expect(rendered).toContain('down per every reachable peer');

    expect((await run(alice, `confirm ${id}`)).summary).toBe(`${id} is destructive: type the node's name to confirm — /rmq confirm ${id} ${dead}`);
    expect((await run(alice, `confirm ${id} ${dead}`)).summary).toMatch(/Waiting for a second person with the approver role/);
    expect((await run(aliceAsApprover, `approve ${id}`)).summary).toMatch(/you opened it, so you cannot approve it/);

    const approved = await run(bob, `approve ${id}`);
    process.stderr.write(`[runbooks e2e] /rmq approve\n${text(approved)}\n`);
    expect(approved.summary).toMatch(new RegExp(`^${id}: evict ${dead} \\(cluster lab\\) — done`));
    expect(text(approved)).toContain('verify no peer lists it');
    expect(text(approved)).toContain('inconsistent_cluster');

    const shown = await run(bob, `cluster`);
    expect(text(shown).match(/not a member/g)).toHaveLength(2);
  });
});

describe('the restart runbook on a real lab node that crashed with a durable classic queue on it', () => {
  const lab = useTestLab({ nodes: 2 });
  let services: RunningServices | null = null;

  afterAll(async () => {
    await services?.close();
  });

  it('starts the node with the configured service argv, verifies every peer sees it running, and its queue is back with its messages', async () => {
    const queue = 'cq.restart2';
    await withConfirmChannel(lab().node('2').amqpPort, async (channel) => {
      await channel.assertQueue(queue, { durable: true });
      for (const n of [1, 2]) channel.sendToQueue(queue, Buffer.from(`order ${n}`), { persistent: true });
      await channel.waitForConfirms();
    });
    await lab().crash('2');
    const loaded = loadConfigFile(lab().configPath);
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.error));
    const dead = lab().node('2').name;
    // The lab's own "start NODE" is this lab's service start: an allowlisted argv run over SSH like any other.
    const serviceStart = [process.execPath, path.resolve(__dirname, '../../bin/rmq-bot.js'), 'lab', 'start', '2', '--dir', lab().dir];
    const config = loaded.value.config;
    const clusters = config.clusters.map((c) => ({ ...c, nodes: c.nodes.map((n) => (n.name === dead ? { ...n, serviceStart } : n)) }));
    services = createServices({ ...loaded.value, config: { ...config, clusters } }, silentLogger);
    const ctx: CommandContext = { actor: alice, channel: 'console', services, progress: () => undefined };

    const opened = await runCommandText(buildRegistry(), `restart ${dead}`, ctx, silentLogger);
    const id = /^(RB-\d+):/.exec(opened.summary)?.[1] ?? '';
    expect(text(opened)).toContain('SSH reach');
    const done = await runCommandText(buildRegistry(), `confirm ${id}`, ctx, silentLogger);
    process.stderr.write(`[runbooks e2e] /rmq confirm (restart)\n${text(done)}\n`);
    expect(done.summary).toMatch(new RegExp(`^${id}: restart ${dead} \\(cluster lab\\) — done`));
    expect(text(done)).toContain('lab start 2');
    expect(text(done)).toContain('verify every peer sees it running');
    expect(text(done)).toContain(`verify its queues online: no queue homed on ${dead} is offline`);

    const declared = await withConfirmChannel(lab().node('1').amqpPort, (channel) => channel.checkQueue(queue));
    expect(declared.messageCount).toBe(2);
  });
});
