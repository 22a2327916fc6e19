import { correlateFindings } from '../../src/diagnose/correlate-findings';
import { partitionSides } from '../../src/snapshot/partition-sides';
import { analyzeLogText } from '../../src/signatures/log-analyzer';
import { readFixture } from '../helpers/fixtures';

const findingsOf = (...files: string[]) => files.flatMap((file) => analyzeLogText(readFixture(file)).findings);

describe('correlateFindings', () => {
  it('puts the unavailable durable queues of the lost node first, with what eviction would do', () => {
    const [first] = correlateFindings({
      findings: findingsOf('seed/000_084faf424ea27794.txt'),
      queues: [{ name: 'base.moses.task4', vhost: 'moses', node: 'rabbit@qc-moses-rmq-bak-7', durable: true, messages: 1200 }],
    });
    expect(first).toEqual(
      expect.objectContaining({
        kind: 'durable-queues-unavailable',
        nodes: ['rabbit@qc-moses-rmq-bak-7'],
        queues: [{ name: 'base.moses.task4', vhost: 'moses', homeNode: 'rabbit@qc-moses-rmq-bak-7', messages: 1200 }],
        evidence: ['queue-home-node-down', 'binding-missing', 'node-down'],
      }),
    );
    expect(first?.explanation).toContain(
      '1 durable queue homed on rabbit@qc-moses-rmq-bak-7 is unavailable; clients fail queue.declare / queue.bind. Evicting rabbit@qc-moses-rmq-bak-7 will NOT bring them back, and `forget_cluster_node` DELETES non-mirrored durable queues',
    );
    expect(first?.explanation).toContain('Restart rabbit@qc-moses-rmq-bak-7, or cut over to the standby.');
  });

  it('explains inconsistent_cluster on the returning node by its eviction and gives the rejoin steps', () => {
    const diagnoses = correlateFindings({
      findings: findingsOf('logs/lab-3.10.8/67_forget_survivor_log_rabbit1.txt', 'logs/lab-3.10.8/71_restart_forgotten_node_log_rabbit3.txt'),
    });
    const removed = diagnoses.find((d) => d.kind === 'node-removed-while-away');
    expect(removed).toEqual(expect.objectContaining({ nodes: ['rabbit3@localhost', 'rabbit2@localhost'], evidence: ['inconsistent-cluster', 'node-forgotten'] }));
    expect(removed?.actions[0]).toBe('On rabbit3@localhost: rabbitmqctl stop_app; rabbitmqctl reset; rabbitmqctl join_cluster rabbit2@localhost; rabbitmqctl start_app');
  });

  it('splits a partition into sides and offers the documented choices', () => {
    const partition = correlateFindings({
      findings: findingsOf('logs/lab-3.10.8/103_netns_ignore_partition_log_n1.txt', 'logs/lab-3.10.8/103_netns_ignore_partition_log_n3.txt'),
    }).find((d) => d.kind === 'network-partition');
    expect(partition?.sides).toEqual([['rabbit@10.213.0.11', 'rabbit@10.213.0.12'], ['rabbit@10.213.0.13']]);
    expect(partition?.actions.join('\n')).toContain('stop_app / start_app');
  });

  it('ranks what is left by severity and skips cleared findings', () => {
    const diagnoses = correlateFindings({ findings: findingsOf('logs/memory-alarm-3.x-report.txt') });
    expect(diagnoses.map((d) => d.kind)).toEqual(['node-down']);
  });
});

describe('partitionSides', () => {
  it('keeps nodes that can see each other together', () => {
    expect(partitionSides(['a', 'b', 'c'], [['a', 'c'], ['b', 'c']])).toEqual([['a', 'b'], ['c']]);
  });
});
