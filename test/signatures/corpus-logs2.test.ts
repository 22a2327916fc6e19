import { readdirSync, readFileSync } from 'fs';
import { join } from 'path';
import { analyzeLogText } from '../../src/signatures/log-analyzer';
import { findingKeys } from '../helpers/finding-keys';
import { readFixture } from '../helpers/fixtures';

const LOG_FIXTURES = join(__dirname, '..', 'fixtures', 'logs2');

/**
 * Real public samples of the conditions added in the second pass over logs (issue 13), each with
 * exactly the findings it must produce. Exact sets, so a new false id fails here too.
 */
const EXPECTED: readonly (readonly [string, readonly string[]])[] = [
  ["client-frame-error-fatal-3.6-report.txt",["client-frame-error"]],
  ["client-frame-too-large-3.6.5.txt",["client-frame-error"]],
  ["client-frame-too-large-client-side.txt",["client-frame-error"]],
  ["client-login-refused-amqplain-3.5-report.txt",["client-login-refused {\"user\":\"rabbit\"}"]],
  ["client-login-refused-and-http-denied-3.13-compose.txt",["client-login-refused {\"user\":\"guest\"}"]],
  ["client-login-refused-guest-loopback-3.6-report.txt",["client-login-refused {\"user\":\"guest\"}"]],
  ["client-login-refused-invalid-credentials-3.7-compose.txt",["client-login-refused {\"user\":\"guest\"}"]],
  ["client-login-refused-loopback-docker-desktop-3.12.txt",["client-login-refused {\"user\":\"root\"}"]],
  ["cluster-formation-dns-nodedown-3.7-lager.txt",["cli-nodedown {\"node\":\"rabbit@9d08e408217e.bridge-apps-test_bridgeoverlay\"}","cli-nodedown {\"node\":\"rabbit@bridge-apps-test_rabbitmq.3.txyqdhq5tag4ypvqxmrrv7xux.bridge-apps-test_bridgeoverlay\"}","cluster-formation-failed {\"peer\":\"rabbit@9d08e408217e.bridge-apps-test_bridgeoverlay\"}","cluster-formation-failed {\"peer\":\"rabbit@bridge-apps-test_rabbitmq.3.txyqdhq5tag4ypvqxmrrv7xux.bridge-apps-test_bridgeoverlay\"}"]],
  ["cluster-formation-k8s-tables-not-present-3.8.txt",["cluster-formation-failed {\"peer\":\"rabbit@quick-rabbit-server-0.quick-rabbit-nodes.default\"}"]],
  ["cookie-file-eacces-boot-failed-3.10.txt",["boot-failed","cookie-file-unreadable"]],
  ["cookie-file-eacces-start_error-3.13.txt",["cookie-file-unreadable"]],
  ["mnesia-overloaded-3.x-report-generic-NOT-rabbitmq.txt",["mnesia-overloaded {\"node\":\"stag@mstk2mpx1.it.bwns.ch\"}"]],
  ["mnesia-overloaded-modern-generic-NOT-rabbitmq.txt",["mnesia-overloaded {\"node\":\"ejabberd@10.47.58.93\"}"]],
  ["mnesia-overloaded-rabbitmq-guide-report.txt",["mnesia-overloaded {\"node\":\"rabbit@node1\"}"]],
  ["node-down-twice-one-outage-3.6-report.txt", ["node-down {\"node\":\"rabbit@node2\"}"]],
  ["node-restart-loop-k8s-peers-3.7-lager.txt",["node-down {\"node\":\"rabbit@rabbitmq-rabbitmq-ha-1.rabbitmq-rabbitmq-ha-discovery.workflow.svc.cluster.local\"}","node-down {\"node\":\"rabbit@rabbitmq-rabbitmq-ha-2.rabbitmq-rabbitmq-ha-discovery.workflow.svc.cluster.local\"}","node-restart-loop {\"node\":\"rabbit@rabbitmq-rabbitmq-ha-2.rabbitmq-rabbitmq-ha-discovery.workflow.svc.cluster.local\"}"]],
  ["node-single-bounce-not-a-loop-3.7-lager.txt",["node-down {\"node\":\"rabbit@master1\"}","node-down {\"node\":\"rabbit@node3\"}","partial-partition {\"peer\":\"rabbit@master1\"}"]],
  ["queue-not-found-amqp_error-term-3.x-report.txt",["queue-not-found {\"queue\":\"op-rabbit.retry.ads-push-queue\",\"vhost\":\"servo\"}"]],
  ["queue-not-found-basic.consume-3.9-modern.txt",["queue-not-found {\"queue\":\"push_5233e035-9bd5-4979-a9c5-f710c75964dd\",\"vhost\":\"/\"}","queue-not-found {\"queue\":\"push_6625ec28-0553-4c72-a14c-7f3d37923d67\",\"vhost\":\"/\"}"]],
  ["queue-not-found-java-client-side.txt",["queue-not-found {\"queue\":\"ACK_QUEUE\",\"vhost\":\"/\"}"]],
  ["ra-coordination-failed-4.1.2-lager.txt",["ra-coordination-failed"]],
  ["ra-coordination-khepri-max-restart-3.13.2.txt",["ra-coordination-failed"]],
  ["ra-coordination-log-meta-timeout-3.13.7.txt",["ra-coordination-failed"]],
  ["startup-err-boot-failed-eacces-3.6.14.txt", ["boot-failed", "crash-dump"]],
  ["startup-log-boot-failed-noproc-3.6.15.txt", ["boot-failed"]],
  ["stale-pid-old-incarnation-3.8-lager.txt",["stale-pid-old-incarnation"]],
  ["stale-pid-old-incarnation-3.9-modern.txt",["stale-pid-old-incarnation"]],
];

describe('signatures over the second-pass log samples', () => {
  it('has expectations for every fixture, and every fixture names its public source', () => {
    const files = readdirSync(LOG_FIXTURES).filter((name) => name.endsWith('.txt'));
    expect(EXPECTED.map(([file]) => file).sort()).toEqual(files.sort());
    for (const file of files) expect(readFileSync(join(LOG_FIXTURES, file), 'utf8')).toMatch(/^# source: https:\/\/\S+/);
  });

  it.each(EXPECTED)('%s', (file, expected) => {
    expect(findingKeys(readFixture(`logs2/${file}`))).toEqual(expected);
  });

  it('folds a flapping node into one restart-loop finding with its count and interval; one bounce is not a loop', () => {
    const loops = analyzeLogText(readFixture('logs2/node-restart-loop-k8s-peers-3.7-lager.txt')).findings.filter(
      (finding) => finding.signature === 'node-restart-loop',
    );
    expect(loops.map((loop) => [loop.node, loop.count, loop.cycle])).toEqual([
      ['rabbit@rabbitmq-rabbitmq-ha-2.rabbitmq-rabbitmq-ha-discovery.workflow.svc.cluster.local', 2, { downs: 2, returns: 2, intervalSeconds: 324 }],
    ]);
    expect(loops[0]!.summary).toContain('about every 5m24s');
  });
});

describe('Docker Desktop pastes', () => {
  it('reads the line\'s own time behind Docker Desktop\'s local timestamp', () => {
    const [refused] = analyzeLogText(readFixture('logs2/client-login-refused-loopback-docker-desktop-3.12.txt')).findings;
    expect(refused).toEqual(
      expect.objectContaining({ signature: 'client-login-refused', count: 2, firstTime: '2023-12-13T05:57:01.466724+00:00', lastTime: '2023-12-13T05:57:16.490897+00:00' }),
    );
  });
});
