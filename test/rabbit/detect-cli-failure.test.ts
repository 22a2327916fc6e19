import { detectCliFailure } from '../../src/rabbit/detect-cli-failure';
import { fixtureExists, readFixture } from '../helpers/fixtures';

/** Exit codes from INDEX.tsv; 92, 93, 94 and 99 from the lab README (see fixtures/lab-3.10.8/SOURCE.md). */
function exitCodes(): Map<string, number> {
  const codes = new Map<string, number>([
    ['92_netns_pause_minority_paused_node_cluster_status.txt', 64],
    ['93_netns_pause_minority_paused_node_check_running.txt', 69],
    ['94_netns_pause_minority_paused_node_ping.txt', 0],
    ['99_netns_ignore_partition_list_queues_timeout10.txt', 0],
  ]);
  for (const row of readFixture('lab-3.10.8/INDEX.tsv').split('\n')) {
    const [file, rc] = row.split('\t');
    if (file && rc) codes.set(file, Number(rc.replace('rc=', '')));
  }
  return codes;
}

const EXIT_CODES = exitCodes();

function capture(name: string): { stdout: string; stderr: string; exitCode: number } {
  const stderrPath = `lab-3.10.8/${name.replace(/\.txt$/, '.stderr.txt')}`;
  const stderr = fixtureExists(stderrPath) ? readFixture(stderrPath) : '';
  const exitCode = EXIT_CODES.get(name);
  if (exitCode === undefined) throw new Error(`no exit code recorded for ${name}`);
  return { stdout: readFixture(`lab-3.10.8/${name}`), stderr, exitCode };
}

describe('detectCliFailure over the 3.10.8 lab failure captures', () => {
  it.each([
    ['45_dead3_check_running_on_dead_node.txt', 'nodedown', "* epmd reports: node 'rabbit3' not running at all"],
    ['46_dead3_ping_dead_node.txt', 'nodedown', 'Failed to connect and authenticate to rabbit3@localhost in 60000 ms'],
    ['47_dead3_status_dead_node.txt', 'nodedown', "* epmd reports: node 'rabbit3' not running at all"],
    ['48_dead3_node_health_check_dead_node.txt', 'nodedown', "* epmd reports: node 'rabbit3' not running at all"],
    ['54_dead3_check_port_connectivity_dead.txt', 'nodedown', "* epmd reports: node 'rabbit3' not running at all"],
    ['55_dead3_status_dead_node_json.txt', 'nodedown', "* epmd reports: node 'rabbit3' not running at all"],
    ['78_wait_on_forgotten_node_boot_failure.txt', 'nodedown', "* epmd reports: node 'rabbit3' not running at all"],
    ['80_cookie_mismatch_status.txt', 'auth-failed', '* TCP connection succeeded but Erlang distribution failed'],
    [
      '92_netns_pause_minority_paused_node_cluster_status.txt',
      'app-not-running',
      "Error: this command requires the 'rabbit' app to be running on the target node. Start it with 'rabbitmqctl start_app'.",
    ],
    [
      '93_netns_pause_minority_paused_node_check_running.txt',
      'app-not-running',
      'RabbitMQ on node rabbit@10.213.0.13 is not running or has not fully booted yet (check with is_booting)',
    ],
    [
      '99_netns_ignore_partition_list_queues_timeout10.txt',
      'timeout',
      '{:badrpc, {:timeout, 10.0, "Some queue(s) are unresponsive, use list_unresponsive_queues command."}}',
    ],
    ['66_forget_again_unknown_node.txt', 'other', "{:not_a_cluster_node, 'The node selected is not in the cluster.'}"],
    [
      '52_dead3_check_if_node_is_quorum_critical_rabbit1.txt',
      'other',
      "queue 'qq.home3' in vhost '/' would lose quorum if node rabbit1@localhost is stopped",
    ],
  ])('%s', (name, kind, evidence) => {
    const { stdout, stderr, exitCode } = capture(name);
    expect(detectCliFailure(stdout, stderr, exitCode)).toEqual({ kind, evidence });
  });

  it.each([
    '10_healthy_status_rabbit1.txt',
    '11_healthy_cluster_status.txt',
    '12_healthy_cluster_status_json.txt',
    '16_healthy_check_running.txt',
    '18_healthy_ping.txt',
    '19_healthy_check_local_alarms.txt',
    '23_healthy_status_rabbit1_json.txt',
    // quorum_status prints "nodedown" as a Raft state of a dead member; that is data, not a failure.
    '51_dead3_quorum_status_qq_home3.txt',
    '94_netns_pause_minority_paused_node_ping.txt',
    '40_dead3_cluster_status_from_rabbit1.txt',
  ])('%s is not a failure', (name) => {
    const { stdout, stderr, exitCode } = capture(name);
    expect(detectCliFailure(stdout, stderr, exitCode)).toBeNull();
  });
});

describe('detectCliFailure on older CLI wordings (lines as in the corpus log samples)', () => {
  it('3.x: unable to connect to node … nodedown', () => {
    expect(detectCliFailure("Status of node 'rabbit@xxx' ...\nError: unable to connect to node 'rabbit@xxx': nodedown\n", '', 2)).toEqual({
      kind: 'nodedown',
      evidence: "Error: unable to connect to node 'rabbit@xxx': nodedown",
    });
  });

  it("3.7: nodedown while the node is up but the 'rabbit' app is stopped", () => {
    const stderr = "Error: unable to connect to node 'rabbit@mars': nodedown\n\n  * node rabbit@mars up, 'rabbit' application not running\n";
    expect(detectCliFailure('', stderr, 69)?.kind).toBe('app-not-running');
  });

  it('3.8: cookie rejected', () => {
    const stderr = "Error: unable to perform an operation on node 'rabbit@warp10'.\n  * Authentication failed (rejected by the remote node), please check the Erlang cookie\n";
    expect(detectCliFailure('', stderr, 69)).toEqual({
      kind: 'auth-failed',
      evidence: '* Authentication failed (rejected by the remote node), please check the Erlang cookie',
    });
  });

  it('{badrpc,nodedown} on stdout with exit 0', () => {
    expect(detectCliFailure('{badrpc,nodedown}\n', '', 0)?.kind).toBe('nodedown');
  });

  it('the CLI timing out with EX_TEMPFAIL and no recognisable message', () => {
    expect(detectCliFailure('', 'something went wrong', 75)).toEqual({ kind: 'timeout', evidence: 'something went wrong' });
  });

  it('a non-zero exit with no output at all', () => {
    expect(detectCliFailure('', '', 70)).toEqual({ kind: 'other', evidence: 'exit code 70' });
  });
});
