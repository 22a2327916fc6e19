import type { NodeReport } from '../../src/inspect/cluster-inspector';
import { downAccounts, downNodes, lostNodes, nodeVerdicts, sshUnreachableNodes, takeSnapshot, withHomedQueues } from '../../src/snapshot/cluster-snapshot';
import { diffSnapshots } from '../../src/snapshot/diff-snapshots';
import { factKey } from '../../src/snapshot/fact';
import { clusterView, failedReport, failures, healthyStatus, sshFailedReport, sshTimeout, upReport } from '../helpers/node-reports';

const nodes = ['rabbit1@localhost', 'rabbit2@localhost', 'rabbit3@localhost'];
const [rabbit1, rabbit2, rabbit3] = nodes as [string, string, string];
const up = (node: string, running: readonly string[], alarms: string[] = []) => upReport('lab', node, clusterView(node, nodes, running), { status: healthyStatus(node, alarms) });
const snap = (...reports: NodeReport[]) => takeSnapshot('lab', reports);
const unreachable3 = sshFailedReport('lab', rabbit3, sshTimeout(rabbit3, 2203, 5_000));

const healthy = snap(up(rabbit1, nodes), up(rabbit2, nodes), up(rabbit3, nodes));
const crashed = snap(up(rabbit1, [rabbit1, rabbit2]), up(rabbit2, [rabbit1, rabbit2]), failedReport('lab', rabbit3, failures.nodedown));
/** The seed incident's first minutes: the bot cannot SSH to node 3, its peers still see RabbitMQ on it running. */
const sshRefusedWhileRunning = snap(up(rabbit1, nodes), up(rabbit2, nodes), unreachable3);
/** Unreachable over SSH, and the peers that answered say it is not running: down by their account. */
const unreachableAndDown = snap(up(rabbit1, [rabbit1, rabbit2]), up(rabbit2, [rabbit1, rabbit2]), unreachable3);

describe('facts of a snapshot', () => {
  it('a healthy cluster has no facts', () => {
    expect(healthy.facts).toEqual([]);
  });

  it('a crashed node is down by its own rabbitmqctl and by its peers', () => {
    expect(crashed.facts).toEqual([
      { kind: 'no-answer', node: rabbit3, reach: 'rabbit-down' },
      { kind: 'down-per-peers', node: rabbit3, peers: [rabbit1, rabbit2] },
    ]);
    expect(downAccounts(crashed.facts)).toEqual([
      { node: rabbit3, by: 'own-cli' },
      { node: rabbit3, by: 'peers', peers: [rabbit1, rabbit2] },
    ]);
    expect(downNodes(crashed.facts)).toEqual([rabbit3]);
  });

  it('a node the bot cannot reach is not down while its peers see it running', () => {
    expect(sshRefusedWhileRunning.facts).toEqual([
      { kind: 'no-answer', node: rabbit3, reach: 'unreachable' },
      { kind: 'running-per-peers', node: rabbit3, peers: [rabbit1, rabbit2] },
    ]);
    expect(downNodes(sshRefusedWhileRunning.facts)).toEqual([]);
    expect(sshUnreachableNodes(sshRefusedWhileRunning.facts)).toEqual([rabbit3]);
    expect(lostNodes(sshRefusedWhileRunning.facts)).toEqual([rabbit3]);
  });

  it('a node that timed out on status but whose own cluster_status answered is not its own peer', () => {
    const slow = failedReport('lab', rabbit1, failures.hung(10_000), clusterView(rabbit1, nodes, nodes));
    const facts = snap(slow, up(rabbit2, nodes), up(rabbit3, nodes)).facts;
    expect(facts).toContainEqual({ kind: 'running-per-peers', node: rabbit1, peers: [rabbit2, rabbit3] });
    expect(snap(slow).facts.filter((f) => f.kind === 'running-per-peers')).toEqual([]);
  });

  it('is down when peers that answered say so, whatever the bot could reach', () => {
    expect(downNodes(unreachableAndDown.facts)).toEqual([rabbit3]);
    expect(downAccounts(unreachableAndDown.facts)).toEqual([{ node: rabbit3, by: 'peers', peers: [rabbit1, rabbit2] }]);
  });

  it('nobody answered: unreachable, and nobody can say it is down', () => {
    const alone = snap(unreachable3);
    expect(downNodes(alone.facts)).toEqual([]);
    expect(alone.facts).toEqual([{ kind: 'no-answer', node: rabbit3, reach: 'unreachable' }]);
  });

  it('a partition gives each side and each node what it cannot see, with stable keys', () => {
    const split = snap(
      upReport('lab', rabbit1, clusterView(rabbit1, nodes, [rabbit1, rabbit2], [{ node: rabbit1, cannotSee: [rabbit3] }])),
      upReport('lab', rabbit3, clusterView(rabbit3, nodes, [rabbit3], [{ node: rabbit3, cannotSee: [rabbit2, rabbit1] }])),
    );
    expect(split.facts.filter((f) => f.kind === 'partitioned' || f.kind === 'partition')).toEqual([
      { kind: 'partitioned', node: rabbit1, cannotSee: [rabbit3] },
      { kind: 'partitioned', node: rabbit3, cannotSee: [rabbit1, rabbit2] },
      { kind: 'partition', sides: [[rabbit1, rabbit2], [rabbit3]] },
    ]);
    expect(split.facts.map(factKey)).toContain(`partition:${rabbit1},${rabbit2}|${rabbit3}`);
  });

  it('alarms, resources near their limit and low disk are facts of the node that reports them', () => {
    const status = { ...healthyStatus(rabbit1, ['memory']), fileDescriptors: { used: 950, limit: 1000 }, disk: { freeBytes: 60, limitBytes: 50 } };
    const facts = snap(upReport('lab', rabbit1, clusterView(rabbit1, [rabbit1], [rabbit1]), { status })).facts;
    expect(facts).toEqual([
      { kind: 'alarm', node: rabbit1, alarm: 'memory' },
      { kind: 'near-limit', node: rabbit1, resource: 'file descriptors', percent: 95 },
      { kind: 'disk-low', node: rabbit1 },
    ]);
  });
});

describe('withHomedQueues', () => {
  it('ties the durable queues a survivor listed to the lost node that homes them, and nothing to the living', () => {
    const listed = [
      { name: 'cq.home3', vhost: '/', node: rabbit3, durable: true, type: 'rabbit_classic_queue', messages: null, state: 'down' },
      { name: 'transient.home3', vhost: '/', node: rabbit3, durable: false, type: 'classic', messages: null, state: 'down' },
      { name: 'cq.home1', vhost: '/', node: rabbit1, durable: true, type: 'classic', messages: 4, state: 'running' },
    ];
    expect(withHomedQueues(crashed, listed).facts).toContainEqual({ kind: 'queues-homed-on-lost-node', node: rabbit3, queues: [{ name: 'cq.home3', vhost: '/', messages: null }] });
    expect(withHomedQueues(healthy, listed).facts).toEqual([]);
  });
});

describe('diffSnapshots', () => {
  it('a crash is node-down; the restart is node-up', () => {
    expect(diffSnapshots(healthy, crashed)).toEqual([{ kind: 'node-down', node: rabbit3 }]);
    expect(diffSnapshots(crashed, healthy)).toEqual([{ kind: 'node-up', node: rabbit3 }]);
  });

  it('losing SSH to a running node is ssh-unreachable, never node-down', () => {
    expect(diffSnapshots(healthy, sshRefusedWhileRunning)).toEqual([{ kind: 'ssh-unreachable', node: rabbit3 }]);
    expect(diffSnapshots(sshRefusedWhileRunning, healthy)).toEqual([{ kind: 'ssh-reachable', node: rabbit3 }]);
  });

  it('peers noticing an unreachable node went down is node-down alone', () => {
    expect(diffSnapshots(sshRefusedWhileRunning, unreachableAndDown)).toEqual([{ kind: 'node-down', node: rabbit3 }]);
  });

  it('a down node that merely stops answering is not up again', () => {
    expect(diffSnapshots(unreachableAndDown, snap(unreachable3))).toEqual([]);
  });

  it('alarms set and cleared', () => {
    const alarmed = snap(up(rabbit1, nodes, ['disk']), up(rabbit2, nodes), up(rabbit3, nodes));
    expect(diffSnapshots(healthy, alarmed)).toEqual([{ kind: 'alarm-set', node: rabbit1, alarm: 'disk' }]);
    expect(diffSnapshots(alarmed, healthy)).toEqual([{ kind: 'alarm-cleared', node: rabbit1, alarm: 'disk' }]);
  });

  it('a partition appears and heals', () => {
    const split = snap(
      upReport('lab', rabbit1, clusterView(rabbit1, nodes, [rabbit1, rabbit2], [{ node: rabbit1, cannotSee: [rabbit3] }])),
      up(rabbit2, [rabbit1, rabbit2]),
      upReport('lab', rabbit3, clusterView(rabbit3, nodes, [rabbit3], [{ node: rabbit3, cannotSee: [rabbit1, rabbit2] }])),
    );
    const sides = [[rabbit1, rabbit2], [rabbit3]];
    expect(diffSnapshots(healthy, split)).toEqual([{ kind: 'partition-appeared', sides }]);
    expect(diffSnapshots(split, healthy)).toEqual([{ kind: 'partition-healed', sides }]);
  });

  it('the same snapshot twice gives nothing', () => {
    expect(diffSnapshots(crashed, crashed)).toEqual([]);
  });
});

describe('verdicts carried through polls that cannot say', () => {
  /** A restart seen mid-boot on a busy machine: status fails, one peer already lists it running, the other not yet. */
  const booting = snap(up(rabbit1, nodes), up(rabbit2, [rabbit1, rabbit2]), failedReport('lab', rabbit3, failures.hung(10_000)));

  it('a booting node that peers disagree on is neither up nor down', () => {
    expect(nodeVerdicts(booting)).toEqual({ [rabbit1]: 'up', [rabbit2]: 'up' });
    expect(nodeVerdicts(booting, nodeVerdicts(crashed))[rabbit3]).toBe('down');
  });

  it('down, then a poll that cannot say, then up: one node-up', () => {
    const afterCrash = nodeVerdicts(crashed);
    expect(diffSnapshots(crashed, booting, afterCrash)).toEqual([]);
    expect(diffSnapshots(booting, healthy, nodeVerdicts(booting, afterCrash))).toEqual([{ kind: 'node-up', node: rabbit3 }]);
    // Against the previous snapshot alone, the restart would be lost.
    expect(diffSnapshots(booting, healthy)).toEqual([]);
  });

  it('down, then no answer, then down again: no second node-down', () => {
    const afterCrash = nodeVerdicts(crashed);
    const silent = snap(failedReport('lab', rabbit1, failures.hung(10_000)), failedReport('lab', rabbit2, failures.hung(10_000)), unreachable3);
    expect(diffSnapshots(crashed, silent, afterCrash)).toEqual([{ kind: 'ssh-unreachable', node: rabbit3 }]);
    expect(diffSnapshots(silent, crashed, nodeVerdicts(silent, afterCrash))).toEqual([{ kind: 'ssh-reachable', node: rabbit3 }]);
  });
});
