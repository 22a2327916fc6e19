import { judgeCluster } from '../../src/status/cluster-verdict';
import { takeSnapshot } from '../../src/snapshot/cluster-snapshot';
import type { NodeReport } from '../../src/inspect/cluster-inspector';
import { clusterView, failedReport, failures, healthyStatus, sshFailedReport, sshTimeout, upReport } from '../helpers/node-reports';

const nodes = ['rabbit1@localhost', 'rabbit2@localhost', 'rabbit3@localhost'];
const [rabbit1, rabbit2, rabbit3] = nodes as [string, string, string];

const up = (node: string, running: string[]): NodeReport => upReport('lab', node, clusterView(node, nodes, running));
const judge = (reports: NodeReport[]) => judgeCluster(takeSnapshot('lab', reports));
const texts = (reports: NodeReport[]) => judge(reports).problems.map((p) => p.text);

describe('judgeCluster', () => {
  it('finds nothing wrong with a healthy cluster', () => {
    const v = judge(nodes.map((n) => up(n, nodes)));
    expect(v.mark).toBe('ok');
    expect(v.headline).toBe('3 of 3 nodes up; no problems seen');
    expect(v.problems).toEqual([]);
  });

  it('names a crashed node with the reason rabbitmqctl gave and the disc node nobody sees', () => {
    const survivors = [rabbit1, rabbit2];
    const v = judge([...survivors.map((n) => up(n, survivors)), failedReport('lab', rabbit3, failures.nodedown)]);
    expect(v.mark).toBe('critical');
    expect(v.headline).toBe('2 of 3 nodes up; rabbit3@localhost: RabbitMQ down');
    expect(v.problems.map((p) => p.text)).toEqual([
      'rabbit3@localhost: RabbitMQ down: the RabbitMQ node is not running (rabbitmqctl: nodedown) ({badrpc,nodedown})',
      'rabbit3@localhost is a disc node but no peer sees it running.',
    ]);
  });

  it('says the peers of a hung node were waiting on it when their cluster_status timed out', () => {
    const v = judge([upReport('lab', rabbit1, failures.hung(4_000)), failedReport('lab', rabbit2, failures.hung(4_000), null, 4_000), upReport('lab', rabbit3, failures.hung(4_000))]);
    expect(v.headline).toBe('2 of 3 nodes up; rabbit2@localhost: timed out (hung?)');
    expect(v.problems.map((p) => p.text)).toEqual([
      'rabbit2@localhost: timed out (hung?): no answer within 4.0 s: the node or its host may be hung',
      'rabbit1@localhost, rabbit3@localhost answered status, but cluster_status timed out: it asks every peer, so they were most likely waiting on rabbit2@localhost.',
    ]);
  });

  it('calls a survivor whose cluster_status is slow after a crash up and slow, not hung, and still names the crashed node', () => {
    const v = judge([up(rabbit1, [rabbit1, rabbit2]), upReport('lab', rabbit2, failures.hung(10_000)), failedReport('lab', rabbit3, failures.nodedown)]);
    expect(v.headline).toBe('2 of 3 nodes up; rabbit3@localhost: RabbitMQ down');
    expect(v.problems).toContainEqual({ mark: 'critical', text: 'rabbit3@localhost is a disc node but no peer sees it running.' });
    expect(v.problems).toContainEqual({
      mark: 'warning',
      text: 'rabbit2@localhost answered status, but cluster_status gave no answer within 10.0 s: the node is up and slow to answer (a busy host, or a peer it is waiting on); ask again for who it sees.',
    });
    expect(v.problems.map((p) => p.text).join('\n')).not.toMatch(/rabbit2@localhost.*hung/);
  });

  it('gives the reason of an up node whose cluster_status failed for another cause', () => {
    expect(judge([upReport('lab', rabbit1, failures.unreadable)]).problems).toContainEqual({ mark: 'warning', text: "rabbit1@localhost: status answered; cluster_status did not: could not read rabbitmqctl's output" });
  });

  it('reports nodes that disagree about who is running', () => {
    expect(texts([up(rabbit1, nodes), up(rabbit2, [rabbit1, rabbit2]), up(rabbit3, nodes)])).toContain('rabbit1@localhost, rabbit3@localhost see rabbit3@localhost running; rabbit2@localhost does not.');
  });

  it('reports partitions and alarms', () => {
    const partitioned = upReport('lab', rabbit1, clusterView(rabbit1, nodes, [rabbit1], [{ node: rabbit1, cannotSee: [rabbit3, rabbit2] }]), { status: healthyStatus(rabbit1, ['memory']) });
    const found = texts([partitioned]);
    expect(found).toContain('Network partition: rabbit1@localhost cannot see rabbit2@localhost, rabbit3@localhost.');
    expect(found).toContain('rabbit1@localhost: memory alarm is active; publishers on the whole cluster are blocked until it clears.');
  });

  it('warns when peers still list a node the bot cannot reach as running', () => {
    const found = texts([up(rabbit1, nodes), up(rabbit2, nodes), sshFailedReport('lab', rabbit3, sshTimeout(rabbit3, 2203, 3_000))]);
    expect(found[0]).toBe('rabbit3@localhost: SSH unreachable: no SSH handshake from rabbit3@localhost (127.0.0.1:2203) within 3000 ms (host down, firewalled, or sshd hung)');
    expect(found).toContain('rabbit1@localhost, rabbit2@localhost still see rabbit3@localhost running: only the bot cannot get an answer from it. Peers take up to net_ticktime (60 s by default) to notice a dead node, so ask again before calling it down.');
    expect(found.join('\n')).not.toContain('no peer sees it running');
  });
});
