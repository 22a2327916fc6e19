import type { ClusterView, NodeStatus } from '../../src/rabbit/model';
import { collectClusterFindings } from '../../src/signatures/cluster-signatures';
import { FindingCollector } from '../../src/signatures/finding-collector';
import { collectStatusFindings } from '../../src/signatures/status-signatures';

const healthy: NodeStatus = {
  node: 'rabbit@qc-moses-rmq-bak-1',
  rabbitmqVersion: '3.2.4',
  erlangVersion: 'R16B03',
  uptimeSeconds: 100,
  memory: { totalBytes: 1000, limitBytes: 4000, breakdown: { plugins: 10, connection_procs: 5 } },
  alarms: [],
  fileDescriptors: { used: 10, limit: 1024 },
  sockets: { used: 5, limit: 829 },
  processes: { used: 200, limit: 1048576 },
  disk: { freeBytes: 10_000_000, limitBytes: 50_000_000 / 1000 },
  format: 'erlang-terms',
  complete: true,
};

const statusIds = (status: NodeStatus): string[] => {
  const collector = new FindingCollector();
  collectStatusFindings(status, collector);
  return collector.findings().map((finding) => `${finding.signature} ${finding.node}`);
};

describe('signatures over a parsed status', () => {
  it('stays silent on a healthy node', () => {
    expect(statusIds(healthy)).toEqual([]);
  });

  it('flags the negative plugins memory of the incident', () => {
    expect(statusIds({ ...healthy, memory: { ...healthy.memory, breakdown: { plugins: -1234567 } } })).toEqual([
      'negative-plugin-memory rabbit@qc-moses-rmq-bak-1',
    ]);
  });

  it('reads alarms, a disk below its limit and descriptors near or at the limit', () => {
    expect(statusIds({ ...healthy, alarms: ['memory'] })).toEqual(['memory-alarm rabbit@qc-moses-rmq-bak-1']);
    expect(statusIds({ ...healthy, alarms: null, disk: { freeBytes: 10, limitBytes: 50 } })).toEqual(['disk-alarm rabbit@qc-moses-rmq-bak-1']);
    expect(statusIds({ ...healthy, fileDescriptors: { used: 950, limit: 1024 } })).toEqual(['fd-near-limit rabbit@qc-moses-rmq-bak-1']);
    expect(statusIds({ ...healthy, sockets: { used: 829, limit: 829 } })).toEqual(['fd-exhausted rabbit@qc-moses-rmq-bak-1']);
  });
});

describe('signatures over a parsed cluster_status', () => {
  const view: ClusterView = {
    node: 'rabbit@a',
    clusterName: null,
    discNodes: ['rabbit@a', 'rabbit@b', 'rabbit@c'],
    ramNodes: [],
    runningNodes: ['rabbit@a', 'rabbit@b'],
    partitions: [{ node: 'rabbit@a', cannotSee: ['rabbit@b'] }],
    alarms: [{ node: 'rabbit@b', alarms: ['disk'] }],
    format: 'erlang-terms',
    complete: true,
  };

  it('reports the disc node missing from running nodes, partitions and per-node alarms', () => {
    const collector = new FindingCollector();
    collectClusterFindings(view, collector);
    expect(collector.findings().map((finding) => [finding.signature, finding.subject])).toEqual([
      ['node-down', { node: 'rabbit@c' }],
      ['network-partition', { node: 'rabbit@a', peer: 'rabbit@b' }],
      ['disk-alarm', { node: 'rabbit@b' }],
    ]);
  });
});
