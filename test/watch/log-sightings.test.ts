import { readFileSync } from 'node:fs';
import path from 'node:path';
import { analyzeLogText } from '../../src/signatures/log-analyzer';
import { sightingsOf, type LogSighting } from '../../src/watch/log-watch-job';
import { noteSightings, parseSeen, serializeSeen } from '../../src/watch/log-watch-seen';

/** A survivor's real log from the lab (RabbitMQ 3.10.8) while rabbit3 was dead: node-down, queue-home-node-down, leader elections. */
const survivorLog = readFileSync(path.join(__dirname, '../fixtures/logs/lab-3.10.8/61_dead3_survivor_log_rabbit1.txt'), 'utf8');
const sightings = (text: string, minSeverity: 'critical' | 'info' = 'critical') => sightingsOf(analyzeLogText(text).findings, text, minSeverity);

const sighting = (signature: string, count = 1): LogSighting => ({ signature, severity: 'critical', summary: signature, count, loggedAt: null, cleared: false, excerpt: '' });
const MINUTE = 60_000;

describe('sightings in new log lines', () => {
  it('one per signature id, all subjects and repeats counted, with the first record as excerpt', () => {
    const found = sightings(survivorLog);
    expect(found.map((s) => [s.signature, s.count])).toEqual([
      ['node-down', 2],
      ['queue-home-node-down', 1],
    ]);
    const home = found.find((s) => s.signature === 'queue-home-node-down');
    expect(home).toMatchObject({ severity: 'critical', loggedAt: '2026-11-24T23:43:53.886354+00:00', cleared: false });
    expect(home?.excerpt).toContain("home node 'rabbit3@localhost' of durable queue 'cq.home3' in vhost '/' is down or inaccessible");
    expect(home?.excerpt.split('\n')).toHaveLength(2);
  });

  it('leaves out ids below the configured severity', () => {
    expect(sightings(survivorLog, 'info').map((s) => s.signature)).toContain('quorum-leader-election');
    expect(sightings(survivorLog).map((s) => s.signature)).not.toContain('quorum-leader-election');
  });

  it('redacts secrets and drops control characters in the excerpt', () => {
    const line = '2026-11-24 23:43:53.886354+00:00 [error] <0.1.0> operation queue.declare caused a channel exception not_found: home node \'rabbit3@localhost\' of durable queue \'q\' in vhost \'/\' is down or inaccessible amqp://guest:hunter2@10.0.0.1 \u001b[1m\u0007\n';
    const [found] = sightings(line);
    expect(found?.excerpt).not.toContain('hunter2');
    expect(found?.excerpt).not.toMatch(/[\u0000-\u0008\u001b]/);
  });

  it('nothing in lines without a signature', () => {
    expect(sightings('2026-11-24 23:43:38.720814+00:00 [info] <0.555.0> accepting AMQP connection\n')).toEqual([]);
  });
});

describe('which sightings are new on a node', () => {
  it('a signature is news the first time, then only extends its episode', () => {
    const first = noteSightings({}, [sighting('node-down', 2)], 1_000, 60 * MINUTE);
    expect(first.fresh.map((s) => s.signature)).toEqual(['node-down']);
    expect(first.seen).toEqual({ 'node-down': { firstSeenAt: 1_000, lastSeenAt: 1_000, count: 2 } });
    const again = noteSightings(first.seen, [sighting('node-down'), sighting('boot-failed')], 5_000, 60 * MINUTE);
    expect(again.fresh.map((s) => s.signature)).toEqual(['boot-failed']);
    expect(again.seen['node-down']).toEqual({ firstSeenAt: 1_000, lastSeenAt: 5_000, count: 3 });
  });

  it('is news again after a quiet spell longer than quietMs, and quiet episodes are forgotten', () => {
    const first = noteSightings({}, [sighting('node-down')], 0, MINUTE);
    expect(noteSightings(first.seen, [], MINUTE, MINUTE).seen).toHaveProperty('node-down');
    expect(noteSightings(first.seen, [], MINUTE + 1, MINUTE).seen).toEqual({});
    expect(noteSightings(first.seen, [sighting('node-down')], MINUTE + 1, MINUTE).fresh).toHaveLength(1);
  });

  it('round-trips through the store, and an unreadable memory starts over', () => {
    const { seen } = noteSightings({}, [sighting('node-down')], 7, MINUTE);
    expect(parseSeen(serializeSeen(seen))).toEqual(seen);
    expect(parseSeen('not json')).toEqual({});
    expect(parseSeen('{"node-down":{"firstSeenAt":"x"}}')).toEqual({});
  });
});
