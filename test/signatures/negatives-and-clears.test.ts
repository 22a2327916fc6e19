import { analyzeLogText } from '../../src/signatures/log-analyzer';

const ids = (text: string): string[] => analyzeLogText(text).findings.map((finding) => finding.signature);

/** The negatives listed at the end of SIGNATURES.md, in each era's clothing. */
describe('lines that look alarming but are not', () => {
  it.each([
    '2026-11-24 23:45:28.372324+00:00 [info] <0.316.0> Disk free limit set to 50MB',
    '=INFO REPORT==== 6-May-2019::03:41:00 ===\nDisk free limit set to 50MB',
    '2018-12-05 06:37:13.602 [info] <0.202.0> Memory limit set to 3196MB of 7990MB total.',
    '2026-11-24 23:45:28.369424+00:00 [info] <0.314.0> Memory high watermark set to 9642 MiB (10110600806 bytes) of 24105 MiB (25276502016 bytes) total',
    '2024-01-01 10:00:00.000000+00:00 [info] <0.150.0> alarm_handler: {set,{{disk_almost_full,"/"},[]}}',
    '=INFO REPORT==== 1-Jan-2024::10:00:00 ===\n    alarm_handler: {set,{{disk_almost_full,"/"},[]}}',
    '2026-11-24 23:45:28.421324+00:00 [info] <0.223.0> Waiting for Mnesia tables for 30000 ms, 9 retries left',
    '2026-11-24 23:47:02.156278+00:00 [notice] <0.44.0> Application rabbit exited with reason: stopped',
    '2026-11-24 23:45:30.342313+00:00 [info] <0.1256.0> Running boot step rabbit_mgmt_db_handler defined by app rabbitmq_management',
  ])('%s', (line) => {
    expect(ids(line)).toEqual([]);
  });

  // A missing queue is the application's mistake, not a lost home node nor a lost binding.
  it.each([
    "2020-04-08 02:17:58.752 [error] <0.2848.2> operation basic.consume caused a channel exception not_found: no queue 'integer-addition' in vhost '/'",
    "=ERROR REPORT==== 16-Jul-2013::10:06:14 ===\nconnection <0.15181.0>, channel 1 - soft error:\n{amqp_error,not_found,\n            \"no queue 'q' in vhost '/'\",\n            'queue.bind'}",
  ])('%s is only a missing queue', (line) => {
    expect(ids(line)).toEqual(['queue-not-found']);
  });
});

describe('lines that clear a condition', () => {
  it('marks a memory alarm cleared on its node as cleared, with when', () => {
    const [finding] = analyzeLogText(
      [
        '2019-05-06 03:56:36.000 [warning] <0.1.0> memory resource limit alarm set on node rabbit@ctl001.',
        '2019-05-06 03:56:42.000 [warning] <0.1.0> memory resource limit alarm cleared on node rabbit@ctl001',
      ].join('\n'),
    ).findings;
    expect(finding).toEqual(
      expect.objectContaining({ signature: 'memory-alarm', state: 'cleared', clearedLine: 2, clearedTime: '2019-05-06T03:56:42.000' }),
    );
    expect(finding?.summary).toContain('cleared');
  });

  it('lets "cleared across the cluster" end the alarm of every node', () => {
    const findings = analyzeLogText(
      [
        "2023-01-01 12:00:00.000000+00:00 [warning] <0.1.0> disk resource limit alarm set on node 'rabbit@a'.",
        "2023-01-01 12:00:01.000000+00:00 [warning] <0.1.0> disk resource limit alarm set on node 'rabbit@b'.",
        '2023-01-01 12:00:09.000000+00:00 [warning] <0.1.0> disk resource limit alarm cleared across the cluster',
      ].join('\n'),
    ).findings;
    expect(findings.map((finding) => finding.state)).toEqual(['cleared', 'cleared']);
  });

  it('re-activates a condition raised again after it was cleared', () => {
    const [finding] = analyzeLogText(
      [
        '=INFO REPORT==== 1-Jan-2016::10:00:00 ===\nrabbit on node rabbit@b down',
        '',
        '=INFO REPORT==== 1-Jan-2016::10:01:00 ===\nrabbit on node rabbit@b up',
        '',
        '=INFO REPORT==== 1-Jan-2016::10:02:00 ===\nrabbit on node rabbit@b down',
      ].join('\n'),
    ).findings;
    expect(finding).toEqual(expect.objectContaining({ signature: 'node-down', count: 2, state: 'active', lastTime: '2016-01-01T10:02:00' }));
  });
});

/** emfile has no corpus sample; these are the shapes Erlang prints it in. */
describe('file descriptor exhaustion', () => {
  it.each([
    '2018-12-05 06:37:13.602 [error] <0.711.0> Ranch listener {acceptor,{0,0,0,0,0,0,0,0},5672} had connection process started with rabbit_connection_sup:start_link/4 at undefined exit with reason: {error,emfile}',
    '=ERROR REPORT==== 17-Aug-2016::14:14:22 ===\naccept failed: emfile',
    '2023-01-01 12:00:00.000000+00:00 [warning] <0.1.0> Ranch acceptor reducing accept rate: out of file descriptors',
  ])('%s', (line) => {
    expect(ids(line)).toEqual(['fd-exhausted']);
  });

  it('does not take a word that merely contains emfile for it', () => {
    expect(ids('2023-01-01 12:00:00.000000+00:00 [info] <0.1.0> loaded module remfiles_cache')).toEqual([]);
  });
});
