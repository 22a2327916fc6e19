import { configSchema } from '../../src/config/schema';
import { reachOf, statusOf, viewOf } from '../../src/inspect/cluster-inspector';
import { createSshClusterInspector } from '../../src/inspect/ssh-cluster-inspector';
import { nodeReason } from '../../src/status/node-reason';
import type { Argv, CommandOutcome, ReaderFor } from '../../src/transport/types';
import { readFixture } from '../helpers/fixtures';

/*
 * The node's read runner is the I/O edge: here it answers as the node would, so the inspector's own logic
 * (format fallback, failure classification) runs for real. The lab e2e tests cover real SSH.
 */
const ssh = { host: '127.0.0.1', user: 'root', agent: true, allowUnknownHostKey: true };
const config = configSchema.parse({
  clusters: [{ name: 'old', role: 'primary', nodes: ['rabbit@ribbit-0', 'rabbit@hung', 'rabbit@dead'].map((name) => ({ name, ssh })) }],
  deadlines: { connectMs: 1000, commandMs: 2000 },
});

const old36Status = readFixture('status/3.6.10-status-erlang-q.txt');
const old36Cluster = readFixture('cluster_status/3.6.10-cluster_status-partitioned-isolated-node.txt');

const ok = (stdout: string): CommandOutcome => ({ kind: 'ok', stdout, stderr: '', durationMs: 300, truncated: false });

function nodeAnswers(node: string, argv: Argv): CommandOutcome {
  if (node === 'rabbit@hung') return { kind: 'timeout', phase: 'command', afterMs: 2000, stdout: '' };
  // The dead node's CLI prints the failure on stdout and exits 0, as 3.x rabbitmqctl does.
  if (node === 'rabbit@dead') return ok('Status of node rabbit@dead ...\n{badrpc,nodedown}\n');
  if (argv.includes('--formatter')) {
    return { kind: 'command-failed', exitCode: 1, signal: null, stdout: '', stderr: 'Error: could not recognise option --formatter\n', durationMs: 200, truncated: false };
  }
  return ok(argv.includes('status') ? old36Status : old36Cluster);
}

function recordingReaders(calls: string[]): ReaderFor {
  return (_cluster, node) => ({
    read: async ({ argv }) => {
      calls.push(`${node} ${argv.slice(argv.indexOf('-n') + 2).join(' ')}`);
      return nodeAnswers(node, argv);
    },
  });
}

describe('the SSH cluster inspector', () => {
  it('falls back to Erlang-term output on a node without --formatter, once, and remembers it', async () => {
    const calls: string[] = [];
    const inspector = createSshClusterInspector(config, recordingReaders(calls), async () => undefined);
    const [first] = await inspector.inspect('old');
    if (!first) throw new Error('no report');
    expect({ node: first.node, reach: reachOf(first) }).toEqual({ node: 'rabbit@ribbit-0', reach: 'ok' });
    expect(statusOf(first)?.rabbitmqVersion).toBe('3.6.10');
    expect(viewOf(first)?.partitions).toEqual([{ node: 'rabbit@ribbit-0', cannotSee: ['rabbit@ribbit-1', 'rabbit@ribbit-2', 'rabbit@ribbit-3', 'rabbit@ribbit-4'] }]);
    expect(calls.filter((c) => c.startsWith('rabbit@ribbit-0')).sort()).toEqual([
      'rabbit@ribbit-0 cluster_status',
      'rabbit@ribbit-0 cluster_status --formatter json',
      'rabbit@ribbit-0 status',
      'rabbit@ribbit-0 status --formatter json',
    ]);
    calls.length = 0;
    await inspector.inspect('old');
    expect(calls.filter((c) => c.startsWith('rabbit@ribbit-0')).sort()).toEqual(['rabbit@ribbit-0 cluster_status', 'rabbit@ribbit-0 status']);
  });

  it('names why each failing node has no data', async () => {
    const inspector = createSshClusterInspector(config, recordingReaders([]), async () => undefined);
    const seen: string[] = [];
    const reports = await inspector.inspect('old', (r) => seen.push(r.node));
    expect(seen.sort()).toEqual(['rabbit@dead', 'rabbit@hung', 'rabbit@ribbit-0']);
    const why = (node: string) => {
      const report = reports.find((r) => r.node === node);
      return report && { reach: reachOf(report), reason: nodeReason(report) };
    };
    expect(why('rabbit@hung')).toEqual({ reach: 'timeout', reason: 'no answer within 2.0 s: the node or its host may be hung' });
    expect(why('rabbit@dead')).toEqual({ reach: 'rabbit-down', reason: 'the RabbitMQ node is not running (rabbitmqctl: nodedown) ({badrpc,nodedown})' });
    // A hung node is reached over SSH: its probes failed, its host did not.
    expect(reports.find((r) => r.node === 'rabbit@hung')?.kind).toBe('reached');
  });
});
