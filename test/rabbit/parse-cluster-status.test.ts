import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { splitConcatenatedNodes } from '../../src/rabbit/cluster/split-concatenated-nodes';
import type { ClusterView } from '../../src/rabbit/model';
import { parseClusterStatus } from '../../src/rabbit/parse-cluster-status';
import { readFixture } from '../helpers/fixtures';

function parsedView(text: string): ClusterView {
  const result = parseClusterStatus(text);
  if (result.kind !== 'parsed') throw new Error(`expected a cluster view, got ${JSON.stringify(result)}`);
  return result.view;
}

/** The text from the n-th banner of a paste that shows several runs (docs show before and after). */
function fromBanner(text: string, occurrence: number): string {
  let at = -1;
  for (let seen = 0; seen < occurrence; seen += 1) at = text.indexOf('Cluster status of node', at + 1);
  return text.slice(at);
}

const ctrl = (host: string): string => `rabbit@ctrl-${host}`;
const ribbit = (n: number): string => `rabbit@ribbit-${n}`;

const CLUSTER_SAMPLES: Readonly<Record<string, Partial<ClusterView>>> = {
  '3.2.x-cluster_status-partitioned-no-cluster_name.txt': {
    node: ctrl('stras-03'),
    clusterName: null,
    discNodes: [ctrl('grav-02'), ctrl('roub-01'), ctrl('stras-03')],
    ramNodes: [],
    runningNodes: [ctrl('roub-01'), ctrl('grav-02'), ctrl('stras-03')],
    partitions: [
      { node: ctrl('roub-01'), cannotSee: [ctrl('grav-02'), ctrl('stras-03')] },
      { node: ctrl('grav-02'), cannotSee: [ctrl('roub-01'), ctrl('stras-03')] },
    ],
    alarms: null,
    format: 'erlang-terms',
    complete: true,
  },
  '3.6-cluster_status-ansible-json-escaped.txt': {
    node: 'rabbit@lib1-rabbit-mq-container-0c2ea151',
    clusterName: 'openstack',
    discNodes: ['0c2ea151', '1413e15d', '9323d388'].map((id) => `rabbit@lib1-rabbit-mq-container-${id}`),
    runningNodes: ['9323d388', '1413e15d', '0c2ea151'].map((id) => `rabbit@lib1-rabbit-mq-container-${id}`),
    partitions: [],
    alarms: [],
    format: 'erlang-terms',
    complete: true,
  },
  '3.6-cluster_status-healthy-via-rabbitmq-report.txt': {
    node: 'rabbit@edeliv-rabbit1',
    clusterName: 'edeliv-rabbitmq',
    discNodes: ['rabbit@edeliv-rabbit1', 'rabbit@edeliv-rabbit2'],
    runningNodes: ['rabbit@edeliv-rabbit2', 'rabbit@edeliv-rabbit1'],
    partitions: [],
    alarms: [],
    complete: true,
  },
  '3.6-doc-cluster_status-nodes-down.txt': {
    node: 'rabbit@rabbit2',
    discNodes: ['rabbit@rabbit1', 'rabbit@rabbit2', 'rabbit@rabbit3'],
    runningNodes: ['rabbit@rabbit3', 'rabbit@rabbit2'],
    partitions: [],
    alarms: null,
    clusterName: null,
  },
  '3.6-doc-cluster_status-ram-node.txt': {
    node: 'rabbit@rabbit1',
    discNodes: ['rabbit@rabbit1'],
    ramNodes: ['rabbit@rabbit2'],
    runningNodes: ['rabbit@rabbit2', 'rabbit@rabbit1'],
  },
  '3.6.10-cluster_status-partitioned-isolated-node.txt': {
    node: ribbit(0),
    clusterName: 'rabbit@ribbit-1.ribbit.pie2.svc.cluster.local',
    discNodes: [0, 1, 2, 3, 4].map(ribbit),
    runningNodes: [ribbit(0)],
    partitions: [{ node: ribbit(0), cannotSee: [1, 2, 3, 4].map(ribbit) }],
    alarms: [],
    complete: true,
  },
  '3.8.17-cluster_status-text-3node-masked.txt': {
    // "rab...@" is GitHub's e-mail masking in the original; node names are kept as printed.
    node: 'rab...@host3.localdomain',
    clusterName: 'rab...@host3.localdomain',
    discNodes: [1, 2, 3].map((n) => `rab...@host${n}.localdomain`),
    runningNodes: [1, 2, 3].map((n) => `rab...@host${n}.localdomain`),
    alarms: null,
    format: 'text',
    complete: false,
  },
  '3.8plus-doc-cluster_status-text-network-partitions.txt': {
    node: 'rabbit@warp10',
    clusterName: 'local.1',
    partitions: [],
    format: 'text',
    complete: false,
  },
  '3.9.20-cluster_status-text-single-node.txt': {
    node: 'rabbit@test-rabbitmq-0',
    clusterName: 'rabbit@test-rabbitmq-0.test-rabbitmq.default.svc.cluster.local',
    discNodes: ['rabbit@test-rabbitmq-0'],
    ramNodes: [],
    runningNodes: ['rabbit@test-rabbitmq-0'],
    partitions: [],
    alarms: [],
    format: 'text',
    complete: true,
  },
  '3.x-doc-cluster_status-partitions.txt': {
    node: 'rabbit@smacmullen',
    discNodes: ['hare@smacmullen', 'rabbit@smacmullen'],
    runningNodes: ['rabbit@smacmullen', 'hare@smacmullen'],
    partitions: [],
  },
  '3.x-doc-pacemaker-cluster_status-2node-with-3rd-joining.txt': {
    node: 'rabbit@rabbit-ha-2',
    discNodes: ['rabbit@rabbit-ha-1', 'rabbit@rabbit-ha-2'],
    runningNodes: ['rabbit@rabbit-ha-1', 'rabbit@rabbit-ha-2'],
  },
  '3.x-rabbitmq-cli-source-comment-partitions-memory-alarm.txt': {
    node: null,
    clusterName: 'rabbit@localhost',
    discNodes: ['hare@warp10', 'rabbit@warp10'],
    runningNodes: ['flopsy@warp10', 'hare@warp10', 'rabbit@warp10'],
    partitions: [
      { node: 'flopsy@warp10', cannotSee: ['rabbit@vagrant'] },
      { node: 'hare@warp10', cannotSee: ['rabbit@vagrant'] },
    ],
    alarms: [{ node: 'rabbit@warp10', alarms: ['memory'] }],
    complete: true,
  },
  '4.1.2-cluster_status-json-and-erlang-formatter.txt': {
    // The only banner in the paste heads the --formatter erlang block, which the reporter cut off.
    node: 'rabbit@rabbitmq03',
    clusterName: 'rabbitmq_cluster1',
    discNodes: ['rabbit@rabbitmq01', 'rabbit@rabbitmq02', 'rabbit@rabbitmq03'],
    runningNodes: ['rabbit@rabbitmq02', 'rabbit@rabbitmq01', 'rabbit@rabbitmq03'],
    partitions: [],
    alarms: [],
    format: 'erlang-terms',
    complete: false,
  },
};

describe('parseClusterStatus over every corpus cluster_status sample', () => {
  const files = readdirSync(join(__dirname, '..', 'fixtures', 'cluster_status')).filter((file) => file.endsWith('.txt'));
  const failures = ['3.6-doc-forget_cluster_node-then-inconsistent_cluster.txt'];

  it('has an expectation for every sample', () => {
    expect(files.sort()).toEqual([...Object.keys(CLUSTER_SAMPLES), ...failures].sort());
  });

  it.each(Object.entries(CLUSTER_SAMPLES))('%s', (file, expected) => {
    expect(parsedView(readFixture(`cluster_status/${file}`))).toMatchObject(expected);
  });

  it('3.6-doc-forget_cluster_node-then-inconsistent_cluster.txt holds no cluster_status, only the start_app error', () => {
    expect(parseClusterStatus(readFixture(`cluster_status/${failures[0]}`))).toEqual({
      kind: 'cli-failure',
      failure: {
        kind: 'other',
        evidence:
          "Error: inconsistent_cluster: Node rabbit@rabbit1 thinks it's clustered with node rabbit@rabbit2, but rabbit@rabbit2 disagrees",
      },
    });
  });
});

describe('later runs inside the same sample', () => {
  it('reads the two-sided partition the docs show second', () => {
    const text = readFixture('cluster_status/3.x-doc-cluster_status-partitions.txt');
    expect(parsedView(fromBanner(text, 2)).partitions).toEqual([
      { node: 'rabbit@smacmullen', cannotSee: ['hare@smacmullen'] },
      { node: 'hare@smacmullen', cannotSee: ['rabbit@smacmullen'] },
    ]);
  });

  it('reads the partition lines of the 3.8+ text docs', () => {
    const text = readFixture('cluster_status/3.8plus-doc-cluster_status-text-network-partitions.txt');
    expect(parsedView(fromBanner(text, 2)).partitions).toEqual([
      { node: 'flopsy@warp10', cannotSee: ['hare@warp10'] },
      { node: 'rabbit@warp10', cannotSee: ['hare@warp10'] },
    ]);
  });

  it('sees a node drop out of running_nodes as the docs stop one node after another', () => {
    const text = readFixture('cluster_status/3.6-doc-cluster_status-nodes-down.txt');
    expect(parsedView(fromBanner(text, 2))).toMatchObject({ node: 'rabbit@rabbit3', runningNodes: ['rabbit@rabbit2', 'rabbit@rabbit3'] });
    expect(parsedView(fromBanner(text, 3))).toMatchObject({ node: 'rabbit@rabbit2', runningNodes: ['rabbit@rabbit2'] });
  });

  it('reads the 3.3 cluster_status below the status in the same paste', () => {
    expect(parsedView(readFixture('status/3.3.5-status-and-cluster_status-erlang.txt'))).toMatchObject({
      node: 'rabbit@rabbit',
      clusterName: 'rabbit@rabbit',
      discNodes: ['rabbit@rabbit1', 'rabbit@rabbit2', 'rabbit@rabbit3', 'rabbit@rabbit4', 'rabbit@rabbit'],
      runningNodes: ['rabbit@rabbit1', 'rabbit3@rabbit2', 'rabbit@rabbit3', 'rabbit1@rabbit4', 'rabbit@rabbit'],
      partitions: [],
      alarms: null,
      complete: true,
    });
  });

  it('reads the default text block of the 4.1.2 sample', () => {
    const text = readFixture('cluster_status/4.1.2-cluster_status-json-and-erlang-formatter.txt');
    const block = text.slice(text.indexOf('Disk Nodes'), text.indexOf('----- (--formatter erlang'));
    expect(parsedView(block)).toMatchObject({
      node: null,
      discNodes: ['rabbit@rabbitmq01', 'rabbit@rabbitmq02', 'rabbit@rabbitmq03'],
      runningNodes: ['rabbit@rabbitmq01', 'rabbit@rabbitmq02', 'rabbit@rabbitmq03'],
      alarms: null,
      format: 'text',
      complete: false,
    });
  });
});

describe('the 4.1.2 JSON bug: running_nodes as one concatenated string', () => {
  const text = readFixture('cluster_status/4.1.2-cluster_status-json-and-erlang-formatter.txt');
  const lines = text.split('\n');
  const runningNodes = JSON.parse(lines[1] as string) as string;
  const diskNodes = JSON.parse(lines.slice(3, 8).join('\n')) as string[];

  it('splits the string the sample shows, using the disk node names', () => {
    expect(splitConcatenatedNodes(runningNodes, diskNodes)).toEqual(['rabbit@rabbitmq02', 'rabbit@rabbitmq01', 'rabbit@rabbitmq03']);
  });

  it('splits it without known names too, on the repeated name prefix', () => {
    expect(splitConcatenatedNodes(runningNodes, [])).toEqual(['rabbit@rabbitmq02', 'rabbit@rabbitmq01', 'rabbit@rabbitmq03']);
  });

  it('reads a whole 4.1.2 JSON document carrying those values', () => {
    const json = JSON.stringify({ disk_nodes: diskNodes, ram_nodes: [], running_nodes: runningNodes, partitions: {}, alarms: [] });
    expect(parsedView(json).runningNodes).toEqual(['rabbit@rabbitmq02', 'rabbit@rabbitmq01', 'rabbit@rabbitmq03']);
  });
});

describe('parseClusterStatus over the 3.10.8 lab captures', () => {
  const local = (n: number): string => `rabbit${n}@localhost`;
  const netns = (n: number): string => `rabbit@10.213.0.1${n}`;

  it.each([
    ['11_healthy_cluster_status.txt', 'text', local(1), [1, 2, 3].map(local), [1, 2, 3].map(local), []],
    ['12_healthy_cluster_status_json.txt', 'json', null, [1, 2, 3].map(local), [3, 2, 1].map(local), []],
    ['40_dead3_cluster_status_from_rabbit1.txt', 'text', local(1), [1, 2, 3].map(local), [1, 2].map(local), []],
    ['41_dead3_cluster_status_json_from_rabbit1.txt', 'json', null, [1, 2, 3].map(local), [2, 1].map(local), []],
    ['63_after_forget_cluster_status.txt', 'text', local(1), [1, 2].map(local), [1, 2].map(local), []],
    ['64_after_forget_cluster_status_json.txt', 'json', null, [1, 2].map(local), [2, 1].map(local), []],
    ['73_after_rejoin_cluster_status_json.txt', 'json', null, [1, 2, 3].map(local), [3, 2, 1].map(local), []],
    ['90_netns_healthy_cluster_status.json.txt', 'json', null, [1, 2, 3].map(netns), [3, 2, 1].map(netns), []],
    ['91_netns_pause_minority_majority_cluster_status.txt', 'text', netns(1), [1, 2, 3].map(netns), [1, 2].map(netns), []],
    ['95_netns_pause_minority_after_heal_cluster_status.json.txt', 'json', null, [1, 2, 3].map(netns), [3, 2, 1].map(netns), []],
    ['97_netns_ignore_during_partition_cluster_status_n3.json.txt', 'json', null, [1, 2, 3].map(netns), [netns(3)], []],
    ['98_netns_ignore_during_partition_cluster_status_n1.json.txt', 'json', null, [1, 2, 3].map(netns), [2, 1].map(netns), []],
    [
      '100_netns_ignore_partitioned_cluster_status_n1.txt',
      'text',
      netns(1),
      [1, 2, 3].map(netns),
      [1, 2].map(netns),
      [
        { node: netns(1), cannotSee: [netns(3)] },
        { node: netns(2), cannotSee: [netns(3)] },
      ],
    ],
    [
      '101_netns_ignore_partitioned_cluster_status_n1.json.txt',
      'json',
      null,
      [1, 2, 3].map(netns),
      [2, 1].map(netns),
      [
        { node: netns(1), cannotSee: [netns(3)] },
        { node: netns(2), cannotSee: [netns(3)] },
      ],
    ],
    [
      '102_netns_ignore_partitioned_cluster_status_n3.json.txt',
      'json',
      null,
      [1, 2, 3].map(netns),
      [netns(3)],
      [{ node: netns(3), cannotSee: [netns(1), netns(2)] }],
    ],
    ['105_netns_after_heal_cluster_status_n1.json.txt', 'json', null, [1, 2, 3].map(netns), [3, 2, 1].map(netns), []],
  ])('%s', (file, format, node, discNodes, runningNodes, partitions) => {
    const clusterName = (file as string).includes('netns') ? 'rabbit@vm' : 'rabbit1@vm';
    expect(parsedView(readFixture(`lab-3.10.8/${file}`))).toEqual({
      node,
      clusterName,
      discNodes,
      ramNodes: [],
      runningNodes,
      partitions,
      alarms: [],
      format,
      complete: true,
    });
  });

  it('92: cluster_status on a node paused by pause_minority is an app-not-running failure', () => {
    expect(parseClusterStatus(readFixture('lab-3.10.8/92_netns_pause_minority_paused_node_cluster_status.txt'))).toEqual({
      kind: 'cli-failure',
      failure: {
        kind: 'app-not-running',
        evidence: "Error: this command requires the 'rabbit' app to be running on the target node. Start it with 'rabbitmqctl start_app'.",
      },
    });
  });
});

describe('cluster alarms', () => {
  it('groups 3.8+ JSON alarm maps by node', () => {
    const json = JSON.stringify({
      disk_nodes: ['rabbit@a', 'rabbit@b'],
      running_nodes: ['rabbit@a', 'rabbit@b'],
      alarms: [
        { type: 'resource_limit', resource: 'disk', node: 'rabbit@b' },
        { type: 'resource_limit', resource: 'memory', node: 'rabbit@b' },
      ],
    });
    expect(parsedView(json).alarms).toEqual([{ node: 'rabbit@b', alarms: ['disk', 'memory'] }]);
  });

  it('reads 3.8+ text alarm lines', () => {
    const text = 'Basics\n\nCluster name: c\n\nDisk Nodes\n\nrabbit@a\n\nAlarms\n\nFile descriptor limit alarm on node rabbit@a\n';
    expect(parsedView(text).alarms).toEqual([{ node: 'rabbit@a', alarms: ['file_descriptor_limit'] }]);
  });
});
