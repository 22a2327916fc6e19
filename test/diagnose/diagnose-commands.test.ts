import { renderReplyText } from '../../src/chat/console/render-text';
import { buildRegistry } from '../../src/app/build-registry';
import { runActionById, runCommandText } from '../../src/commands/run-command';
import type { CommandContext, Services } from '../../src/commands/types';
import type { NodeReport } from '../../src/inspect/cluster-inspector';
import { silentLogger } from '../../src/observability/logger';
import { parseClusterStatus } from '../../src/rabbit/parse-cluster-status';
import type { Reply } from '../../src/reply/model';
import { openSqliteStore } from '../../src/store/sqlite-store';
import { createMutationExecutor } from '../../src/mutations/mutation-executor';
import { createSshTransports } from '../../src/transport/ssh-transport';
import type { Argv, CommandOutcome, ReaderFor } from '../../src/transport/types';
import { readFixture } from '../helpers/fixtures';
import { failedReport, failures, sshFailedReport, upReport } from '../helpers/node-reports';
import { scriptedReader } from '../helpers/scripted-reader';
import { labConfig, labNodes, scriptedInspector } from '../slack/harness';

const [rabbit1, rabbit2, rabbit3] = labNodes as [string, string, string];
const logFile = (node: string) => `/var/log/rabbitmq/${node}.log`;
const config = (() => {
  const base = labConfig();
  const [cluster] = base.clusters;
  if (!cluster) throw new Error('lab config has no cluster');
  return { ...base, clusters: [{ ...cluster, nodes: cluster.nodes.map((n) => ({ ...n, logFile: logFile(n.name) })) }] };
})();

const ok = (stdout: string): CommandOutcome => ({ kind: 'ok', stdout, stderr: '', durationMs: 5, truncated: false });
const failed = (exitCode: number, stderr: string): CommandOutcome => ({ kind: 'command-failed', exitCode, signal: null, stdout: '', stderr, durationMs: 5, truncated: false });

/** Answers by node and by the command's first word, and records every argv it was asked to run. */
function scriptedReaders(answers: Record<string, (argv: Argv) => CommandOutcome>, calls: string[]): ReaderFor {
  return (_cluster, node) => scriptedReader(async ({ argv }) => {
    calls.push(`${node}: ${argv.join(' ')}`);
    return answers[node]?.(argv) ?? failed(127, 'not scripted');
  });
}

const crashedView = parseClusterStatus(readFixture('lab-3.10.8/41_dead3_cluster_status_json_from_rabbit1.txt'));
const survivor = (node: string): NodeReport => {
  if (crashedView.kind !== 'parsed') throw new Error('crashed view fixture did not parse');
  return upReport('lab', node, crashedView.view);
};
const rabbitDown = failedReport('lab', rabbit3, failures.nodedown);

const survivorLog = readFixture('logs/lab-3.10.8/61_dead3_survivor_log_rabbit1.txt');
const offlineQueues = readFixture('lab-3.10.8/43_dead3_list_queues_full.txt')
  .split('\n')
  .filter((line) => !line.includes('\trunning'))
  .join('\n');

function services(calls: string[], secretLog = ''): Services {
  const store = openSqliteStore(':memory:');
  const now = () => new Date('2026-11-24T23:45:00Z');
  const log = survivorLog + secretLog;
  // The node-side filter answers its size line, then the lines it kept (here: all of them).
  const tail = (argv: Argv) =>
    argv[0] === 'tail' ? ok(log)
    : argv[3] === 'rmq-log-filter' ? ok(`@@rmq-log-filter ${Buffer.byteLength(log)}\n${log}`)
    : argv.includes('list_queues') ? ok(offlineQueues)
    : failed(2, 'unexpected');
  return {
    config,
    inspector: scriptedInspector([
      { delayMs: 5, report: survivor(rabbit1) },
      { delayMs: 10, report: survivor(rabbit2) },
      { delayMs: 15, report: rabbitDown },
    ]),
    readerFor: scriptedReaders(
      {
        [rabbit1]: tail,
        [rabbit2]: (argv) => (argv.includes('cq\\.home3') ? ok('@@rmq-log-filter 4096\n') : tail(argv)),
        [rabbit3]: () => ({ kind: 'timeout', phase: 'command', afterMs: 10_000, stdout: '' }),
      },
      calls,
    ),
    store,
    executor: createMutationExecutor({ journal: store, mutatorFor: createSshTransports(config).mutatorFor, now }),
    now,
  };
}

async function run(text: string, calls: string[] = [], secretLog = ''): Promise<{ reply: Reply; progress: Reply[]; rendered: string }> {
  const progress: Reply[] = [];
  const ctx: CommandContext = { actor: { id: 'U0ALICE', role: 'viewer' }, channel: 'C0INCIDENT', services: services(calls, secretLog), progress: (r) => progress.push(r) };
  const reply = text.startsWith('press ') ? await runActionById(buildRegistry(), 'logs.show', text.slice(6), ctx, silentLogger) : await runCommandText(buildRegistry(), text, ctx, silentLogger);
  return { reply, progress, rendered: renderReplyText(reply, { colour: false, buttonIds: [] }) };
}

/**
 * The seed incident's confusion: the bot cannot SSH to a node. Only its peers can say whether
 * RabbitMQ there is down; here they see it running, and their logs say nothing about it.
 */
describe('/rmq diagnose when the bot cannot SSH to a node its peers see running', () => {
  const healthyView = parseClusterStatus(readFixture('lab-3.10.8/12_healthy_cluster_status_json.txt'));
  const refused = sshFailedReport('lab', rabbit3, { kind: 'unreachable', reason: 'refused', detail: `SSH connection to ${rabbit3} (127.0.0.1:2203) refused: sshd is not listening there` });

  async function diagnoseWith(reports: NodeReport[]): Promise<{ reply: Reply; rendered: string }> {
    const quiet: Services = {
      ...services([]),
      inspector: scriptedInspector(reports.map((report, i) => ({ delayMs: 5 * (i + 1), report }))),
      readerFor: scriptedReaders({ [rabbit1]: () => ok(''), [rabbit2]: () => ok(''), [rabbit3]: () => refused.kind === 'ssh-failed' ? refused.ssh : ok('') }, []),
    };
    const ctx: CommandContext = { actor: { id: 'U0ALICE', role: 'viewer' }, channel: 'C0INCIDENT', services: quiet, progress: () => undefined };
    const reply = await runCommandText(buildRegistry(), 'diagnose', ctx, silentLogger);
    return { reply, rendered: renderReplyText(reply, { colour: false, buttonIds: [] }) };
  }

  it('says the bot cannot reach it and that its peers see it running, never that it is down', async () => {
    if (healthyView.kind !== 'parsed') throw new Error('healthy view fixture did not parse');
    const { reply, rendered } = await diagnoseWith([upReport('lab', rabbit1, healthyView.view), upReport('lab', rabbit2, healthyView.view), refused]);
    expect(reply.summary).toBe(`lab: ${rabbit3} is unreachable from the bot over SSH`);
    expect(reply.mark).toBe('warning');
    expect(rendered).toContain(`Its peers ${rabbit1}, ${rabbit2} still see RabbitMQ on ${rabbit3} running, so the cluster has not lost it.`);
    expect(rendered).not.toMatch(/is down|as seen by the cluster/);
  });

  it('calls it down once a peer that answered says so, and says the bot cannot reach it either', async () => {
    if (crashedView.kind !== 'parsed') throw new Error('crashed view fixture did not parse');
    const { reply, rendered } = await diagnoseWith([upReport('lab', rabbit1, crashedView.view), upReport('lab', rabbit2, crashedView.view), refused]);
    expect(reply.summary).toBe(`lab: ${rabbit3} is down`);
    expect(rendered).toContain(`${rabbit3} is down as seen by ${rabbit1}, ${rabbit2}. The bot cannot reach its host over SSH either.`);
  });
});

describe('/rmq diagnose with scripted nodes (the lab after kill -9 of rabbit3)', () => {
  it('ranks the durable queue on the dead node first, with the eviction warning, the queue and every node\'s state', async () => {
    const calls: string[] = [];
    const { reply, progress, rendered } = await run('diagnose', calls);
    expect(reply.summary).toBe(`lab: 1 durable queue homed on ${rabbit3} unavailable`);
    expect(reply.mark).toBe('critical');
    expect(rendered).toContain(`1. 1 durable queue homed on ${rabbit3} unavailable`);
    expect(rendered).toContain(`Evicting ${rabbit3} will NOT bring them back, and \`forget_cluster_node\` DELETES non-mirrored durable queues homed on ${rabbit3} with their messages.`);
    expect(rendered).toContain(`cq.home3  /      ${rabbit3}  unknown while its home node is down`);
    expect(rendered).toContain(`${rabbit3}  ✖ RabbitMQ down: the RabbitMQ node is not running (rabbitmqctl: nodedown) ({badrpc,nodedown}) · log not read: could not read ${logFile(rabbit3)}: no answer within 10.0 s`);
    expect(rendered).toContain(`queues homed on down nodes from ${rabbit1} (list_queues --offline)`);
    expect(rendered).toContain("Also seen: quorum queue leader election: queue 'qq.home3', in vhost '/' (6×)");
    expect(progress[0]?.summary).toBe('Diagnosing lab: 0 of 3 nodes answered, 0 of 3 logs read');
    expect(progress.every((p) => p.mark === 'pending')).toBe(true);
    // The queue list comes from one survivor, in text (only its pids name the home node), offline only.
    expect(calls.filter((c) => c.includes('list_queues'))).toEqual([expect.stringMatching(new RegExp(`^${rabbit1}: .* list_queues -p / --offline name type durable pid leader members online messages state$`))]);
    const buttons = reply.blocks.flatMap((b) => (b.kind === 'actions' ? b.buttons : []));
    expect(buttons.map((b) => b.label)).toEqual(['Show logs of rabbit1', 'Show logs of rabbit2', 'Evict rabbit3…']);
  });

  it('refuses options and a second cluster name', async () => {
    expect((await run('diagnose --now')).reply.blocks.map((b) => ('text' in b ? b.text : ''))).toEqual(['diagnose takes no options', 'Usage: /rmq diagnose [cluster]']);
    expect((await run('diagnose prod')).reply.summary).toBe('There is no cluster named "prod".');
  });
});

describe('/rmq logs with scripted nodes', () => {
  it('tails the short-named node, cleans and marks the lines, and tallies the signatures', async () => {
    const calls: string[] = [];
    const { reply, rendered } = await run('logs rabbit1 --lines 5', calls, 'connecting to amqp://app:s3cret@10.0.0.5:5672/ failed\n');
    expect(calls).toEqual([`${rabbit1}: tail -c 32768 -- ${logFile(rabbit1)}`]);
    const block = reply.blocks.find((b) => b.kind === 'preformatted');
    expect(block).toMatchObject({ kind: 'preformatted', title: `${rabbit1} log, last 5 lines` });
    expect(block?.kind === 'preformatted' ? block.text.split('\n') : []).toHaveLength(5);
    expect(rendered).toContain('amqp://app:⟨redacted⟩@10.0.0.5');
    expect(rendered).not.toContain('s3cret');
    expect(reply.summary).toBe(`${rabbit1}: 5 lines, no known signature in them`);
  });

  it('marks the home-node error and summarizes hits per signature id', async () => {
    const { reply, rendered } = await run(`logs ${rabbit1} --lines 200`);
    expect(reply.mark).toBe('critical');
    expect(reply.summary).toBe(`${rabbit1}: 20 lines; signatures: node-down ×2, queue-home-node-down ×1, quorum-leader-election ×3`);
    expect(rendered).toMatch(/channel 1: {3}⟵ \[queue-home-node-down\]/);
    expect(rendered).toContain('Last 20 lines: signatures: node-down ×2, queue-home-node-down ×1, quorum-leader-election ×3');
    expect(rendered).toContain('queue-home-node-down    ✖ 1× queue home node down');
  });

  it('greps on the node with a fixed string, and says so when nothing matched', async () => {
    const calls: string[] = [];
    const { reply } = await run('logs rabbit2 --grep "cq.home3"', calls);
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatch(new RegExp(`^${rabbit2}: sh -c .* rmq-log-filter ${logFile(rabbit2)} \\+1 16 4 5000 cq\\\\\\.home3$`));
    expect(reply.summary).toBe(`${rabbit2}: no lines contain "cq.home3"`);
  });

  it('names why a log could not be read, and refuses unknown nodes and bad options', async () => {
    expect((await run('logs rabbit3')).reply.summary).toBe(`${rabbit3}: log not read: could not read ${logFile(rabbit3)}: no answer within 10.0 s: the node or its host may be hung`);
    expect((await run('logs rabbit9')).reply.blocks).toEqual([
      { kind: 'text', text: 'There is no node "rabbit9" in the config.', mark: 'warning' },
      { kind: 'context', text: `Known nodes: ${labNodes.join(', ')}.` },
    ]);
    expect((await run('logs rabbit1 --lines 9000')).reply.summary).toBe('--lines is at most 500');
    expect((await run('logs rabbit1 --grep')).reply.summary).toBe('--grep needs the text to look for');
    expect((await run('logs')).reply.summary).toBe('logs takes exactly one node: /rmq logs rabbit2');
  });

  it('the "Show logs" button of a diagnosis opens the node\'s log', async () => {
    const { reply } = await run(`press ${JSON.stringify({ cluster: 'lab', node: rabbit1 })}`);
    expect(reply.summary).toContain(`${rabbit1}: 20 lines`);
    expect((await run('press not-json')).reply.summary).toContain('older version of the bot');
  });
});
