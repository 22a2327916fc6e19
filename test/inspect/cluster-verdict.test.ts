import type { NodeReport } from '../../src/inspect/cluster-inspector';
import { judgeCluster } from '../../src/inspect/cluster-verdict';
import type { ClusterView, NodeStatus } from '../../src/rabbit/model';

const nodes = ['rabbit1@localhost', 'rabbit2@localhost', 'rabbit3@localhost'];

function view(node: string, running: string[], partitions: ClusterView['partitions'] = []): ClusterView {
  return { node, clusterName: 'rabbit1@localhost', discNodes: nodes, ramNodes: [], runningNodes: running, partitions, alarms: [], format: 'json', complete: true };
}

function status(node: string, alarms: string[] = []): NodeStatus {
  return {
    node,
    rabbitmqVersion: '3.10.8',
    erlangVersion: '25.2.3',
    uptimeSeconds: 100,
    memory: { totalBytes: 100, limitBytes: 1000, breakdown: {} },
    alarms,
    fileDescriptors: { used: 10, limit: 1000 },
    sockets: { used: 1, limit: 900 },
    processes: { used: 500, limit: 1048576 },
    disk: { freeBytes: 10_000_000_000, limitBytes: 50_000_000 },
    format: 'json',
    complete: true,
  };
}

const up = (node: string, running: string[], extra: Partial<NodeReport> = {}): NodeReport => ({
  cluster: 'lab', node, reach: 'ok', reason: 'answered', status: status(node), view: view(node, running), durationMs: 400, ...extra,
});

describe('judgeCluster', () => {
  it('finds nothing wrong with a healthy cluster', () => {
    const v = judgeCluster('lab', nodes.map((n) => up(n, nodes)));
    expect(v.mark).toBe('ok');
    expect(v.headline).toBe('3 of 3 nodes up; no problems seen');
    expect(v.problems).toEqual([]);
  });

  it('names a crashed node with its reason and the disc node nobody sees', () => {
    const survivors = nodes.slice(0, 2);
    const reports = [
      ...survivors.map((n) => up(n, survivors)),
      { cluster: 'lab', node: 'rabbit3@localhost', reach: 'rabbit-down' as const, reason: 'rabbitmqctl: nodedown', status: null, view: null, durationMs: 300 },
    ];
    const v = judgeCluster('lab', reports);
    expect(v.mark).toBe('critical');
    expect(v.headline).toBe('2 of 3 nodes up; rabbit3@localhost: RabbitMQ down');
    expect(v.problems.map((p) => p.text)).toEqual([
      'rabbit3@localhost: RabbitMQ down: rabbitmqctl: nodedown',
      'rabbit3@localhost is a disc node but no peer sees it running.',
    ]);
  });

  it('says why an up node has no view of the cluster (cluster_status waiting on a hung peer)', () => {
    const hungReason = 'no answer within 4.0 s: the node or its host may be hung';
    const waiting = { view: null, reason: `status answered; cluster_status did not: ${hungReason}`, viewProblem: { reach: 'timeout' as const, reason: hungReason } };
    const reports = [
      up(nodes[0]!, nodes, waiting),
      { cluster: 'lab', node: nodes[1]!, reach: 'timeout' as const, reason: hungReason, status: null, view: null, durationMs: 4_000 },
      up(nodes[2]!, nodes, waiting),
    ];
    const v = judgeCluster('lab', reports);
    expect(v.headline).toBe('2 of 3 nodes up; rabbit2@localhost: timed out (hung?)');
    expect(v.problems.map((p) => p.text)).toEqual([
      `rabbit2@localhost: timed out (hung?): ${hungReason}`,
      'rabbit1@localhost, rabbit3@localhost answered status, but cluster_status timed out: it asks every peer, so they were most likely waiting on rabbit2@localhost.',
    ]);
  });

  it('gives the reason of an up node whose cluster_status failed for another cause', () => {
    const reason = 'status answered; cluster_status did not: could not read rabbitmqctl\'s output';
    const v = judgeCluster('lab', [up(nodes[0]!, nodes, { view: null, reason, viewProblem: { reach: 'cli-error', reason: "could not read rabbitmqctl's output" } })]);
    expect(v.problems).toContainEqual({ mark: 'warning', text: `rabbit1@localhost: ${reason}` });
  });

  it('reports nodes that disagree about who is running', () => {
    const reports = [up(nodes[0]!, nodes), up(nodes[1]!, [nodes[0]!, nodes[1]!]), up(nodes[2]!, nodes)];
    const texts = judgeCluster('lab', reports).problems.map((p) => p.text);
    expect(texts).toContain('rabbit1@localhost, rabbit3@localhost see rabbit3@localhost running; rabbit2@localhost does not.');
  });

  it('reports partitions and alarms', () => {
    const reports = [
      up(nodes[0]!, nodes, { view: view(nodes[0]!, [nodes[0]!], [{ node: nodes[0]!, cannotSee: [nodes[2]!, nodes[1]!] }]), status: status(nodes[0]!, ['memory']) }),
    ];
    const texts = judgeCluster('lab', reports).problems.map((p) => p.text);
    expect(texts).toContain('Network partition: rabbit1@localhost cannot see rabbit2@localhost, rabbit3@localhost.');
    expect(texts).toContain('rabbit1@localhost: memory alarm is active; publishers on the whole cluster are blocked until it clears.');
  });

  it('warns when peers still list an unreachable node as running', () => {
    const reports = [up(nodes[0]!, nodes), up(nodes[1]!, nodes), { cluster: 'lab', node: nodes[2]!, reach: 'timeout' as const, reason: 'no answer within 3.0 s', status: null, view: null, durationMs: 3000 }];
    const texts = judgeCluster('lab', reports).problems.map((p) => p.text);
    expect(texts[0]).toBe('rabbit3@localhost: timed out (hung?): no answer within 3.0 s');
    expect(texts).toContain('Peers still list rabbit3@localhost as running although the bot cannot reach it: the failure may not be detected yet.');
  });
});
