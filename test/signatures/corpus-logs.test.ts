import { readdirSync } from 'fs';
import { join } from 'path';
import { findingKeys } from '../helpers/finding-keys';
import { readFixture } from '../helpers/fixtures';

const LOG_FIXTURES = join(__dirname, '..', 'fixtures', 'logs');

/**
 * Every log sample of the corpus with exactly the findings it must produce: the ids its header
 * describes and the subjects read from it. Exact sets, so a new false id fails here too.
 */
const EXPECTED: readonly (readonly [string, readonly string[]])[] = [
  ["badrpc-nodedown-peer-discovery-3.8-lager.txt", ["cli-nodedown {\"node\":\"rabbit@hostname2\"}", "cli-nodedown {\"node\":\"rabbit@hostname3\"}", "cluster-formation-failed {\"peer\":\"rabbit@hostname2\"}", "cluster-formation-failed {\"peer\":\"rabbit@hostname3\"}"]],
  ["boot-failed-could_not_start-badrpc_multi-nodedown-3.5.txt", ["boot-failed", "cli-nodedown {\"node\":\"rabbit@s-rabbitmq-server-1\"}"]],
  ["boot-failed-epmd-hostname-timeout-3.11-modern.txt", ["boot-failed", "epmd-error {\"host\":\"hello-world-server-0.hello-world-nodes.default\"}"]],
  ["channel-error-not_found-3.8-lager.txt", ["queue-not-found {\"queue\":\"amq.topic\",\"vhost\":\"/\"}", "queue-not-found {\"queue\":\"integer-addition\",\"vhost\":\"/\"}"]],
  ["channel-error-not_found-queue.bind-2.x.txt", ["queue-not-found {\"queue\":\"queue-name\",\"vhost\":\"/\"}"]],
  ["channel-soft-error-not_found-3.1-report.txt", ["queue-not-found {\"queue\":\"mqtt-subscription-PHP MQTT Clientqos1\",\"vhost\":\"/\"}"]],
  ["connection-closed-abruptly-3.6-report.txt", ["connection-closed-abruptly"]],
  ["connection-closed-abruptly-3.7-lager.txt", []],
  ["connection-closed-docker-compose-3.7-lager.txt", ["connection-closed-abruptly"]],
  ["connection-writer-send_failed-timeout-3.x-lager.txt", ["connection-network-error"]],
  ["crash-dump-written-boot-failure-3.x-journald.txt", ["boot-failed", "crash-dump"]],
  ["disk-alarm-set-3.7-lager.txt", ["disk-alarm {\"node\":\"rabbit@localhost\"}"]],
  ["disk-alarm-startup-insufficient-3.6-report.txt", ["disk-alarm", "disk-alarm {\"node\":\"rabbit@localhost\"}"]],
  ["eaddrinuse-could_not_start_listener-3.7.txt", ["boot-failed", "port-in-use {\"port\":\"5672\"}"]],
  ["eaddrinuse-dist-port-3.8-prelaunch.txt", ["boot-failed", "port-in-use {\"port\":\"25672\"}"]],
  ["eaddrinuse-ranch-listener-3.6-report.txt", ["port-in-use {\"port\":\"1883\"}"]],
  ["eheap_alloc-cannot-allocate-3.5-windows.txt", ["vm-out-of-memory"]],
  ["erl_crash_dump-header-temp_alloc-3.8.16.txt", ["crash-dump", "vm-out-of-memory"]],
  ["erl_crash_dump-slogan-timeout_waiting_for_tables-3.7.txt", ["boot-failed", "crash-dump", "mnesia-tables-timeout"]],
  ["erlang-cookie-cli-distribution-failed-3.5.txt", ["cookie-mismatch"]],
  ["erlang-cookie-disallowed-cli-node-3.8-openshift.txt", ["cli-nodedown {\"node\":\"rabbit@rabbitmq-cluster-1.rabbitmq-cluster.rabbitmq-ha.svc.cluster.local\"}", "cookie-mismatch {\"peer\":\"rabbitmqcli-1384-rabbit@rabbitmq-cluster-1.rabbitmq-cluster.rabbitmq-ha.svc.cluster.local\"}"]],
  ["erlang-cookie-file-permissions-4.x-modern.txt", ["cookie-mismatch"]],
  ["erlang-cookie-mismatch-3.7-k8s-report.txt", ["cookie-mismatch", "cookie-mismatch {\"peer\":\"rabbit@rabbitmq-rabbitmq-ha-0.rabbitmq-rabbitmq-ha-discovery.default.svc.cluster.local\"}", "cookie-mismatch {\"peer\":\"rabbit@rabbitmq-rabbitmq-ha-2.rabbitmq-rabbitmq-ha-discovery.default.svc.cluster.local\"}", "cookie-mismatch {\"peer\":\"rabbit@rabbitmq-rabbitmq-ha-3.rabbitmq-rabbitmq-ha-discovery.default.svc.cluster.local\"}", "cookie-mismatch {\"peer\":\"rabbit@rabbitmq-rabbitmq-ha-4.rabbitmq-rabbitmq-ha-discovery.default.svc.cluster.local\"}"]],
  ["handshake-timeout-3.6-report.txt", ["handshake-timeout"]],
  ["heartbeat-timeout-erlang-client-3.6-report.txt", ["missed-heartbeats"]],
  ["heartbeat_timeout-running-3.5-report.txt", ["missed-heartbeats"]],
  ["home-node-down-queue.declare-3.6-report.txt", ["queue-home-node-down {\"node\":\"rabbit@172-17-20-24\",\"queue\":\"BLF-QUEUE-plasma.valuphone.com\",\"vhost\":\"/\"}", "queue-home-node-down {\"node\":\"rabbit@172-17-60-115\",\"queue\":\"smsc_inbound_queue_sms\",\"vhost\":\"/\"}"]],
  ["home-node-down-queue.declare-doc.txt", ["queue-home-node-down {\"node\":\"rabbit@hostname\",\"queue\":\"queue-name\",\"vhost\":\"/\"}"]],
  ["inconsistent_cluster-boot-3.8-lager.txt", ["inconsistent-cluster {\"node\":\"rabbit@master2\"}"]],
  ["inconsistent_cluster-join_cluster-cli-3.6.txt", ["inconsistent-cluster {\"node\":\"rabbit@192.168.82.133\",\"peer\":\"rabbit@192.168.8.6\"}"]],
  ["management-plugin-could-not-start-3.5.txt", ["boot-failed", "management-unresponsive"]],
  ["management-stats-db-backlog-and-reset-3.6.txt", ["management-unresponsive"]],
  ["memory-alarm-3.x-report.txt", ["memory-alarm {\"node\":\"rabbit@ctl001\"}", "node-down {\"node\":\"rabbit@ctl001\"}"]],
  ["node-not-responding-3.6-report.txt", ["node-down {\"node\":\"rabbit@ubuntu-c1\"}"]],
  ["nul-bytes-after-crash-generic-NOT-rabbitmq.txt", ["log-nul-run"]],
  ["partial-partition-3.6-report.txt", ["node-down {\"node\":\"rabbit@rabbitmq-03\"}", "partial-partition", "partial-partition {\"peer\":\"rabbit@rabbit-5\"}"]],
  ["partial-partition-disconnect-3.12-modern.txt", ["network-partition {\"node\":\"rabbit@host-478\",\"peer\":\"rabbit@host-309\"}", "partial-partition {\"peer\":\"rabbit@host-309\"}"]],
  ["partition-mnesia-inconsistent_database-3.8-lager-doc.txt", ["network-partition {\"node\":\"rabbit@warp10\",\"peer\":\"rabbit@hostname2\"}"]],
  ["partition-mnesia-inconsistent_database-3.x-report.txt", ["network-partition {\"node\":\"rabbit@smacmullen\",\"peer\":\"hare@smacmullen\"}"]],
  ["queue-timeout-and-unsynced-mirror-3.12-modern.txt", ["connection-closed-abruptly", "queue-no-synchronised-mirror {\"queue\":\"<REDACTED>\",\"vhost\":\"/\"}", "queue-operation-timeout {\"queue\":\"<REDACTED>\",\"vhost\":\"/\"}"]],
  ["quorum-queue-election-and-mnesia-partition-2026-reformatted.txt", ["quorum-leader-election {\"queue\":\"exchange_6\",\"vhost\":\"/\"}"]],
  ["quorum-queue-election-votes-3.9-modern.txt", ["quorum-leader-election {\"queue\":\"quorum-26900\",\"vhost\":\"/\"}"]],
  ["quorum-queue-new-leader-after-node-up-3.13-modern.txt", ["quorum-leader-election {\"queue\":\"5BF.CastScheduler.OT\",\"vhost\":\"/\"}", "quorum-leader-election {\"queue\":\"5BF.PAMTransfers\",\"vhost\":\"/\"}", "quorum-leader-election {\"queue\":\"5BF.ProcessCalculations\",\"vhost\":\"/\"}"]],
  ["rabbitmqctl-nodedown-and-cookie-3.x-doc.txt", ["cli-nodedown {\"node\":\"rabbit@xxx\"}", "cookie-mismatch"]],
  ["rabbitmqctl-nodedown-app-not-running-3.7-cli.txt", ["cli-nodedown {\"node\":\"rabbit@mars\"}"]],
  ["rabbitmqctl-unable-to-perform-operation-cookie-3.8-cli.txt", ["cli-nodedown {\"node\":\"rabbit@warp10\"}", "cookie-mismatch"]],
  ["timeout_waiting_for_tables-3.8-lager.txt", ["boot-failed", "mnesia-tables-timeout {\"peer\":\"rabbit@node1\"}", "mnesia-tables-timeout {\"peer\":\"rabbit@node2, rabbit@node1\"}"]],
  ["timeout_waiting_for_tables-3.8-mirrored-durable.txt", ["mnesia-tables-timeout {\"peer\":\"rabbit@rabbitcheck-crmq-1, rabbit@rabbitcheck-crmq-0\"}"]],
  ["lab-3.10.8/103_netns_ignore_partition_log_n1.txt", ["network-partition {\"node\":\"rabbit@10.213.0.11\",\"peer\":\"rabbit@10.213.0.13\"}", "node-down {\"node\":\"rabbit@10.213.0.13\"}"]],
  ["lab-3.10.8/103_netns_ignore_partition_log_n3.txt", ["network-partition {\"node\":\"rabbit@10.213.0.13\",\"peer\":\"rabbit@10.213.0.11\"}", "network-partition {\"node\":\"rabbit@10.213.0.13\",\"peer\":\"rabbit@10.213.0.12\"}", "node-down {\"node\":\"rabbit@10.213.0.11\"}", "node-down {\"node\":\"rabbit@10.213.0.12\"}"]],
  ["lab-3.10.8/45_dead3_check_running_on_dead_node.stderr.txt", ["cli-nodedown {\"node\":\"rabbit3@localhost\"}"]],
  ["lab-3.10.8/46_dead3_ping_dead_node.stderr.txt", ["cli-nodedown {\"node\":\"rabbit3@localhost\"}"]],
  ["lab-3.10.8/60_dead3_amqp_queue_declare_errors.txt", ["queue-home-node-down {\"node\":\"rabbit3@localhost\",\"queue\":\"cq.home3\",\"vhost\":\"/\"}"]],
  ["lab-3.10.8/61_dead3_survivor_log_rabbit1.txt", ["node-down {\"node\":\"rabbit3@localhost\"}", "queue-home-node-down {\"node\":\"rabbit3@localhost\",\"queue\":\"cq.home3\",\"vhost\":\"/\"}", "quorum-leader-election {\"queue\":\"qq.home3\",\"vhost\":\"/\"}"]],
  ["lab-3.10.8/61_dead3_survivor_log_rabbit2.txt", ["node-down {\"node\":\"rabbit3@localhost\"}", "queue-home-node-down {\"node\":\"rabbit3@localhost\",\"queue\":\"cq.home3\",\"vhost\":\"/\"}", "quorum-leader-election {\"queue\":\"qq.home3\",\"vhost\":\"/\"}"]],
  ["lab-3.10.8/67_forget_survivor_log_rabbit1.txt", ["node-forgotten {\"node\":\"rabbit3@localhost\"}"]],
  ["lab-3.10.8/67_forget_survivor_log_rabbit2.txt", []],
  ["lab-3.10.8/70_restart_forgotten_node_stdout.txt", ["boot-failed", "crash-dump", "inconsistent-cluster {\"node\":\"rabbit3@localhost\",\"peer\":\"rabbit2@localhost\"}"]],
  ["lab-3.10.8/71_restart_forgotten_node_log_rabbit3.txt", ["boot-failed", "inconsistent-cluster {\"node\":\"rabbit3@localhost\",\"peer\":\"rabbit2@localhost\"}"]],
  ["lab-3.10.8/74_recovery_log_rabbit3.txt", []],
  ["lab-3.10.8/78_wait_on_forgotten_node_boot_failure.stderr.txt", ["cli-nodedown {\"node\":\"rabbit3@localhost\"}"]],
  ["lab-3.10.8/78_wait_on_forgotten_node_boot_failure.txt", []],
  ["lab-3.10.8/80_cookie_mismatch_status.stderr.txt", ["cli-nodedown {\"node\":\"rabbit1@localhost\"}", "cookie-mismatch"]],
  ["lab-3.10.8/81_cookie_mismatch_server_log_rabbit1.txt", ["cookie-mismatch {\"peer\":\"rabbitmqcli-932-rabbit@vm\"}"]],
  ["lab-3.10.8/83_crash_restart_log_rabbit2.txt", ["quorum-leader-election {\"queue\":\"qq.home3\",\"vhost\":\"/\"}", "quorum-leader-election {\"queue\":\"qq.orders\",\"vhost\":\"/\"}"]],
  ["lab-3.10.8/84_crash_restart_log_rabbit1.txt", ["node-down {\"node\":\"rabbit2@localhost\"}", "quorum-leader-election {\"queue\":\"qq.home3\",\"vhost\":\"/\"}"]],
  ["lab-3.10.8/93_netns_pause_minority_paused_node_check_running.txt", ["cli-nodedown {\"node\":\"rabbit@10.213.0.13\"}"]],
  ["lab-3.10.8/96_netns_pause_minority_log_n1.txt", ["node-down {\"node\":\"rabbit@10.213.0.13\"}"]],
  ["lab-3.10.8/96_netns_pause_minority_log_n3.txt", ["network-partition {\"node\":\"rabbit@10.213.0.13\",\"peer\":\"rabbit@10.213.0.11\"}", "network-partition {\"node\":\"rabbit@10.213.0.13\",\"peer\":\"rabbit@10.213.0.12\"}", "node-down {\"node\":\"rabbit@10.213.0.11\"}", "node-down {\"node\":\"rabbit@10.213.0.12\"}", "partial-partition"]],
  ["lab-3.10.8/99_netns_ignore_partition_list_queues_timeout10.txt", ["queue-operation-timeout"]],
];

describe('signatures over the corpus log samples', () => {
  it('has expectations for every log fixture', () => {
    const files = [
      ...readdirSync(LOG_FIXTURES).filter((name) => name.endsWith('.txt')),
      ...readdirSync(join(LOG_FIXTURES, 'lab-3.10.8')).map((name) => `lab-3.10.8/${name}`),
    ];
    expect(EXPECTED.map(([file]) => file).sort()).toEqual(files.sort());
  });

  it.each(EXPECTED)('%s', (file, expected) => {
    expect(findingKeys(readFixture(`logs/${file}`))).toEqual(expected);
  });
});
