import { readdirSync } from 'fs';
import { join } from 'path';
import { analyzeInput } from '../../src/analyze/analyze-input';
import { readFixture } from '../helpers/fixtures';

const FIXTURES = join(__dirname, '..', 'fixtures');

const analyzeText = (source: string, text: string) =>
  analyzeInput(
    source,
    (async function* () {
      yield Buffer.from(text, 'utf8');
    })(),
  );

/** Every pasted cluster_status of the corpus and the lab, text, Erlang terms and JSON alike. */
const CLUSTER_STATUS = [
  ...readdirSync(join(FIXTURES, 'cluster_status')).map((name) => `cluster_status/${name}`),
  ...readdirSync(join(FIXTURES, 'cluster_status2')).map((name) => `cluster_status2/${name}`),
  ...readdirSync(join(FIXTURES, 'lab-3.10.8')).filter((name) => /cluster_status/.test(name)).map((name) => `lab-3.10.8/${name}`),
];

/** Files among them that are not one cluster_status output, and what they are read as instead. */
const OTHER_KINDS: Readonly<Record<string, { kind: string; cluster: boolean }>> = {
  // `rabbitmqctl report` holds the tail of a status and a cluster_status: both are read, the kind says status.
  'cluster_status/3.6-cluster_status-healthy-via-rabbitmq-report.txt': { kind: 'status', cluster: true },
  // A shell transcript of forget_cluster_node and the failed start_app: its errors are findings of a log.
  'cluster_status/3.6-doc-forget_cluster_node-then-inconsistent_cluster.txt': { kind: 'log', cluster: false },
  // cluster_status refused on a paused node: a CLI error, not a view of the cluster.
  'lab-3.10.8/92_netns_pause_minority_paused_node_cluster_status.txt': { kind: 'log', cluster: false },
};

describe('pasted cluster_status output is read as cluster_status', () => {
  it.each(CLUSTER_STATUS)('%s', async (file) => {
    const report = await analyzeText(file, readFixture(file));
    const expected = OTHER_KINDS[file] ?? { kind: 'cluster_status', cluster: true };
    expect({ kind: report.kind, cluster: report.cluster !== null }).toEqual(expected);
  });

  it('reads JSON cluster_status (which also parses as an empty status) as cluster_status with its members', async () => {
    const report = await analyzeText('json', readFixture('lab-3.10.8/102_netns_ignore_partitioned_cluster_status_n3.json.txt'));
    expect(report).toEqual(expect.objectContaining({ kind: 'cluster_status', status: null }));
    expect(report.cluster?.discNodes).toHaveLength(3);
    expect(report.cluster?.runningNodes).toEqual(['rabbit@10.213.0.13']);
  });

  it('keeps the members, running nodes and partitions of a 3.x cluster where most nodes are out of reach', async () => {
    const isolated = await analyzeText('3.6.10', readFixture('cluster_status/3.6.10-cluster_status-partitioned-isolated-node.txt'));
    expect(isolated.cluster?.discNodes).toHaveLength(5);
    expect(isolated.cluster?.runningNodes).toHaveLength(1);
    expect(isolated.cluster?.partitions[0]?.cannotSee).toHaveLength(4);
    const ec2 = await analyzeText('3.6.2', readFixture('cluster_status2/3.6.2-cluster_status-partition-ec2.txt'));
    expect(ec2.cluster?.partitions).toEqual([{ node: 'rabbit@ip-10-0-1-205.ec2.internal', cannotSee: ['rabbit@ip-10-0-1-204.ec2.internal'] }]);
  });
});

describe('the 2.x–3.6 startup_log / startup_err console captures', () => {
  it.each(['logs2/startup-log-boot-failed-noproc-3.6.15.txt', 'logs2/startup-err-boot-failed-eacces-3.6.14.txt'])('%s is a log whose boot failure is found', async (file) => {
    const report = await analyzeText(file, readFixture(file));
    expect(report.kind).toBe('log');
    expect(report.findings.map((finding) => finding.signature)).toContain('boot-failed');
  });
});
