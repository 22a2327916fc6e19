import { labNamespaces, NETNS_TICKTIME_SECONDS } from '../../src/lab/lab-layout';
import { listNamespaces } from '../../src/lab/lab-network';
import { useTestLab } from '../helpers/lab';
import { labBot } from '../helpers/lab-bot';

/*
 * Real partitions: three RabbitMQ 3.10 nodes, each in a network namespace of its own, links cut
 * with blackhole routes. The bot is asked through its real services (SSH to the lab's sshd, then
 * into each node's namespace) exactly as the console asks.
 */

// The e2e project's testTimeout in jest.config.js does not reach the tests (jest 30 treats it as a global option).
jest.setTimeout(180_000);

/** Generous for a shared 2-core machine: six CLI VMs in parallel took over 8 s there under load. */
const DEADLINES = { connectMs: 5_000, commandMs: 12_000 };
/** The bound: peers notice the cut within the tick time; one answer takes at most the deadline. */
const SEEN_WITHIN_MS = NETNS_TICKTIME_SECONDS * 1_000 + DEADLINES.commandMs + 2_000;

/** Asks until the answer satisfies `done` or `boundMs` has passed since `since`; the last answer and when it came. */
async function askUntil(ask: (text: string) => Promise<string>, text: string, done: (answer: string) => boolean, since: number, boundMs: number): Promise<{ answer: string; afterMs: number }> {
  for (;;) {
    const answer = await ask(text);
    const afterMs = Date.now() - since;
    if (done(answer) || afterMs > boundMs) return { answer, afterMs };
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

const clean = (answer: string) => answer.includes('3 of 3 nodes up; no problems seen');

describe('a namespaced lab under cluster_partition_handling = ignore', () => {
  const lab = useTestLab({ nodes: 3, network: 'netns' }, 180_000);
  const ask = labBot(lab, DEADLINES, 'rmq-netns-e2e-');
  const names = () => lab().nodes.map((n) => n.name);

  it('runs each node in its own namespace, named by address, and the bot sees a healthy cluster through the loopback sshd', async () => {
    expect(names()).toEqual([expect.stringMatching(/@10\.213\.0\.11$/), expect.stringMatching(/@10\.213\.0\.12$/), expect.stringMatching(/@10\.213\.0\.13$/)]);
    expect(await listNamespaces()).toEqual(expect.arrayContaining(labNamespaces(lab().layout)));
    const { answer } = await askUntil(ask, '/rmq status', clean, Date.now(), 60_000);
    expect(answer).toContain('3 of 3 nodes up; no problems seen');
  });

  it('a cut shows in /rmq status and /rmq cluster with both sides named, within tick time + deadline + 2 s', async () => {
    const [n1, n2, n3] = names();
    const cutAt = Date.now();
    await lab().partition(['3']);
    const majority = `${n1}, ${n2} see ${n1} running; ${n3} does not.`;
    const minority = `${n3} sees ${n3} running; ${n1}, ${n2} do not.`;
    const seen = await askUntil(ask, '/rmq status', (a) => a.includes(majority) && a.includes(minority), cutAt, SEEN_WITHIN_MS);
    process.stderr.write(`[netns e2e] /rmq status named both sides ${seen.afterMs} ms after the cut (bound ${SEEN_WITHIN_MS} ms)\n`);
    expect(seen.answer).toContain(majority);
    expect(seen.answer).toContain(minority);
    expect(seen.answer).not.toContain('RabbitMQ down');
    expect(seen.afterMs).toBeLessThanOrEqual(SEEN_WITHIN_MS);

    const matrix = await ask('/rmq cluster');
    expect(matrix).toMatch(new RegExp(`^  ${n3?.replace(/\./g, '\\.')}\\s+disc, NOT running\\s+disc, NOT running\\s+disc, running$`, 'm'));
    expect(matrix).toContain(majority);
  });

  it('after the heal, RabbitMQ lists the partition until one side restarts, then the cluster is whole', async () => {
    const [n1, n2, n3] = names();
    const healedAt = Date.now();
    await lab().heal();
    const listed = `Network partition: ${n3} cannot see ${n1}, ${n2}.`;
    const after = await askUntil(ask, '/rmq status', (a) => a.includes(listed), healedAt, 2 * DEADLINES.commandMs);
    expect(after.answer).toContain(listed);
    expect(after.answer).toContain('it still needs a restart of one side');
    for (const args of [['stop_app'], ['start_app']]) expect((await lab().rabbitmqctl('3', args, 60_000)).exitCode).toBe(0);
    const whole = await askUntil(ask, '/rmq status', clean, Date.now(), 60_000);
    expect(whole.answer).toContain('3 of 3 nodes up; no problems seen');
  });

  it('down stops everything and deletes every namespace it made, with their links', async () => {
    const made = labNamespaces(lab().layout);
    const report = await lab().down();
    expect(report.processes.filter((p) => p.outcome === 'still-running')).toEqual([]);
    expect(report.namespaces.map((n) => n.outcome)).toEqual(made.map(() => 'deleted'));
    const left = await listNamespaces();
    expect(left.filter((n) => made.includes(n))).toEqual([]);
  });
});

describe('a namespaced lab under cluster_partition_handling = pause_minority', () => {
  const lab = useTestLab({ nodes: 3, network: 'netns', partitionHandling: 'pause_minority' }, 180_000);
  const ask = labBot(lab, DEADLINES, 'rmq-netns-e2e-');

  it('the cut-off node pauses itself: named PAUSED, not down; after the heal it resumes by itself', async () => {
    const [n1, n2, n3] = lab().nodes.map((n) => n.name);
    await askUntil(ask, '/rmq status', clean, Date.now(), 60_000);
    const cutAt = Date.now();
    await lab().partition(['3']);
    const paused = await askUntil(ask, '/rmq status', (a) => a.includes(`${n3}: PAUSED`), cutAt, SEEN_WITHIN_MS);
    process.stderr.write(`[netns e2e] the paused node was named ${paused.afterMs} ms after the cut\n`);
    expect(paused.answer).toContain(`${n3}: PAUSED`);
    expect(paused.answer).not.toContain(`${n3}: RabbitMQ down`);
    expect(paused.answer).toMatch(new RegExp(`Sees running +. ${n1?.replace(/\./g, '\\.')}, ${n2?.replace(/\./g, '\\.')}; not ${n3?.replace(/\./g, '\\.')}`));

    const healedAt = Date.now();
    await lab().heal();
    const whole = await askUntil(ask, '/rmq status', clean, healedAt, 60_000);
    process.stderr.write(`[netns e2e] the paused node resumed; the bot saw the cluster whole ${whole.afterMs} ms after the heal\n`);
    expect(whole.answer).toContain('3 of 3 nodes up; no problems seen');
  });
});
