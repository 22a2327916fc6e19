import { createServices, type RunningServices } from '../../src/app/create-services';
import { renderReplyText } from '../../src/chat/console/render-text';
import { buildRegistry } from '../../src/app/build-registry';
import { runCommandText } from '../../src/commands/run-command';
import type { CommandContext } from '../../src/commands/types';
import { loadConfigFile } from '../../src/config/load-config';
import { silentLogger } from '../../src/observability/logger';
import type { Reply } from '../../src/reply/model';
import { useTestLab } from '../helpers/lab';
import { attemptUntil, DEFAULT_DEADLINES, nodeAnswerBoundMs, SCHEDULING_SLACK_MS } from '../helpers/wait-for';
import { withConfirmChannel } from '../helpers/amqp-channel';

// The e2e project's testTimeout in jest.config.js does not reach the tests (jest 30 treats it as a global option).
jest.setTimeout(180_000);

const QUEUE = 'cq.home3';

/** One connection and one channel with 'error' listeners on both (STACK.md: without them a 404 crashes the process). */
const text = (reply: Reply): string => renderReplyText(reply, { colour: false, buttonIds: [] });

describe('/rmq diagnose and /rmq logs on a real lab whose node 3 crashed with a durable queue on it', () => {
  const lab = useTestLab({ nodes: 3 });
  let services: RunningServices | null = null;
  const progress: Reply[] = [];

  const run = (command: string): Promise<Reply> => {
    if (services === null) throw new Error('services not started');
    const ctx: CommandContext = { actor: { id: 'U0ALICE', role: 'viewer' }, channel: 'console', services, progress: (r) => progress.push(r) };
    return runCommandText(buildRegistry(), command, ctx, silentLogger);
  };

  afterAll(async () => {
    await services?.close();
  });

  it('declares cq.home3 on node 3, crashes it, and a survivor refuses the declare with the home-node error', async () => {
    await withConfirmChannel(lab().node('3').amqpPort, async (channel) => {
      await channel.assertQueue(QUEUE, { durable: true });
      for (const n of [1, 2]) channel.sendToQueue(QUEUE, Buffer.from(`order ${n}`), { persistent: true });
      await channel.waitForConfirms();
    });
    await lab().crash('3');
    const survivorPort = lab().node('1').amqpPort;
    // Survivors notice a kill -9 within half a second; until then the declare may still be routed to node 3.
    const declare = () =>
      withConfirmChannel(survivorPort, (channel) => channel.assertQueue(QUEUE, { durable: true })).then(
        (): unknown => null,
        (e: unknown) => e,
      );
    const failure = await attemptUntil(declare, (e) => e !== null, 40);
    expect(failure).toMatchObject({ code: 404 });
    expect(String((failure as Error).message)).toContain(`home node '${lab().node('3').name}' of durable queue '${QUEUE}' in vhost '/' is down or inaccessible`);
  });

  it('diagnose names the node, the queue and warns that eviction deletes it, without waiting on the dead node', async () => {
    // The lab's config sets no deadlines: the bot runs with its defaults, as a responder would run it.
    const loaded = loadConfigFile(lab().configPath);
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.error));
    services = createServices(loaded.value, silentLogger);

    const dead = lab().node('3').name;
    const ask = async () => {
      const started = Date.now();
      const reply = await run('diagnose');
      return { reply, elapsed: Date.now() - started, rendered: text(reply) };
    };
    // On a machine too busy for any rabbitmqctl to finish within the deadlines every node reads
    // "timed out": wait for the state where the dead node's CLI has answered, asking again a few times.
    const { reply, elapsed, rendered } = await attemptUntil(ask, (a) => a.rendered.includes(`${dead}  ✖ RabbitMQ down`), 3);
    process.stderr.write(`[diagnose e2e] /rmq diagnose answered in ${elapsed} ms\n${rendered}\n`);

    expect(reply.mark).toBe('critical');
    expect(reply.summary).toContain(`durable queue homed on ${dead} unavailable`);
    expect(rendered).toContain(`Evicting ${dead} will NOT bring them back, and \`forget_cluster_node\` DELETES non-mirrored durable queues homed on ${dead} with their messages.`);
    expect(rendered).toMatch(new RegExp(`${QUEUE.replace('.', '\\.')}\\s+/\\s+${dead}\\s+unknown while its home node is down`));
    expect(rendered).toContain(`${dead}  ✖ RabbitMQ down`);
    expect(rendered).toContain(`from ${lab().node('1').name} (list_queues --offline)`);
    // Node and log reads run in parallel, then one list_queues: two rounds of deadlines at most.
    expect(elapsed).toBeLessThan(2 * nodeAnswerBoundMs(DEFAULT_DEADLINES) + SCHEDULING_SLACK_MS);
    expect(progress.some((p) => p.mark === 'pending' && p.summary.startsWith('Diagnosing lab'))).toBe(true);
    const buttons = reply.blocks.flatMap((b) => (b.kind === 'actions' ? b.buttons : []));
    expect(buttons[0]).toMatchObject({ actionId: 'logs.show', value: JSON.stringify({ cluster: 'lab', node: dead }) });
  });

  it('logs on the survivor that served the client shows the error line, cleaned, with its signature marked', async () => {
    const survivor = lab().node('1');
    const reply = await run(`logs ${survivor.shortName} --lines 200`);
    const block = reply.blocks.find((b) => b.kind === 'preformatted');
    if (block?.kind !== 'preformatted') throw new Error(`no log block in ${JSON.stringify(reply)}`);
    const errorLine = block.text.split('\n').find((line) => line.includes(`durable queue '${QUEUE}'`));
    expect(errorLine).toBeDefined();
    expect(block.text).toMatch(/⟵ \[queue-home-node-down\]/);
    expect(block.text).not.toMatch(/[\u0000\u001b]/);
    expect(reply.summary).toContain('queue-home-node-down');
    expect(text(reply)).toContain('Signature hits');

    const grepped = await run(`logs ${survivor.name} --grep "${QUEUE}" --lines 5`);
    const grepBlock = grepped.blocks.find((b) => b.kind === 'preformatted');
    // grep on the node keeps the lines around each match (a record's header and continuation), at most 4 after it.
    expect(grepBlock?.kind === 'preformatted' && grepBlock.text.split('\n').slice(-5).some((line) => line.includes(QUEUE))).toBe(true);
    expect(text(grepped)).toMatch(/grep on the node read [\d.]+ \w+ of .*; [\d.]+ \w+ \(matching lines and the lines around them\) came over SSH/);
  });

  it('a hung node costs its own answer only: diagnose still answers within the deadlines and says why', async () => {
    const loaded = loadConfigFile(lab().configPath);
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.error));
    const shortLived = createServices(loaded.value, silentLogger);
    await lab().hang('2');
    try {
      const ctx: CommandContext = { actor: { id: 'U0ALICE', role: 'viewer' }, channel: 'console', services: shortLived, progress: () => undefined };
      const started = Date.now();
      const reply = await runCommandText(buildRegistry(), 'diagnose lab', ctx, silentLogger);
      const elapsed = Date.now() - started;
      const rendered = text(reply);
      process.stderr.write(`[diagnose e2e] with node 2 hung, /rmq diagnose answered in ${elapsed} ms\n`);
      expect(rendered).toContain(`${lab().node('2').name}  ✖ timed out (hung?)`);
      expect(rendered).toContain(`${lab().node('3').name}  ✖ RabbitMQ down`);
      // Node and log reads run in parallel, then one list_queues: two rounds of deadlines at most.
      expect(elapsed).toBeLessThan(2 * nodeAnswerBoundMs(DEFAULT_DEADLINES) + SCHEDULING_SLACK_MS);
    } finally {
      await lab().resume('2');
      await shortLived.close();
    }
  });

  it('node 3 boots again with its queue and messages (no eviction happened)', async () => {
    await lab().start('3');
    // The queue is back once node 3 has booted and recovered it: wait for that state.
    const queues = async (): Promise<unknown[]> => {
      const listed = await lab().rabbitmqctl('1', ['list_queues', 'name', 'messages', '--formatter', 'json']);
      try {
        return JSON.parse(listed.stdout) as unknown[];
      } catch {
        return [];
      }
    };
    const recovered = (list: unknown[]) => list.some((q) => JSON.stringify(q) === JSON.stringify({ name: QUEUE, messages: 2 }));
    expect(await attemptUntil(queues, recovered, 20, 500)).toContainEqual({ name: QUEUE, messages: 2 });
  });
});
