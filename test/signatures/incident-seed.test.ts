import { readFixture } from '../helpers/fixtures';
import { analyzeLogText } from '../../src/signatures/log-analyzer';

/** The original incident report: every log line it quotes must be recognized with its subject. */
describe('the 2016 incident report (seed)', () => {
  const findings = analyzeLogText(readFixture('seed/000_084faf424ea27794.txt')).findings;
  const find = (id: string) => findings.filter((finding) => finding.signature === id);

  it('sees node 7 going down', () => {
    expect(find('node-down')).toEqual([
      expect.objectContaining({ node: 'rabbit@qc-moses-rmq-bak-7', firstTime: '2016-08-17T14:14:16', state: 'active' }),
    ]);
  });

  it('ties the failing queue.declare to queue base.moses.task4 in vhost moses on node 7', () => {
    expect(find('queue-home-node-down')).toEqual([
      expect.objectContaining({
        subject: { node: 'rabbit@qc-moses-rmq-bak-7', queue: 'base.moses.task4', vhost: 'moses' },
        count: 3,
        // The paste is out of order; first/last time are the earliest and latest sightings.
        firstTime: '2016-08-17T14:15:12',
        lastTime: '2016-08-17T14:26:45',
        severity: 'critical',
      }),
    ]);
  });

  it('reads the missing binding on exchange zeus', () => {
    expect(find('binding-missing')).toEqual([
      expect.objectContaining({
        subject: { routingKey: 'api.base.moses.task4', exchange: 'zeus', vhost: 'moses', queue: 'base.moses.task4' },
        firstTime: '2016-08-17T14:42:38',
      }),
    ]);
  });

  it('counts the enotconn and etimedout connection errors as one finding', () => {
    expect(find('connection-network-error')).toEqual([expect.objectContaining({ count: 7, subject: {} })]);
  });

  it('reports the ^@ run of node 7 once, as a marker with its size and position', () => {
    const [run, ...others] = find('log-nul-run');
    expect(others).toEqual([]);
    expect(run?.nulRun).toEqual(expect.objectContaining({ bytes: 1087, rendering: 'caret' }));
    expect(run?.firstLine).toBe(127);
    expect(run?.summary).toContain('⟨1087 NUL bytes: sparse hole, likely unclean crash⟩');
  });

  it('explains the failed reboot: node 7 thinks it is clustered with node 9', () => {
    expect(find('inconsistent-cluster')).toEqual([
      expect.objectContaining({
        subject: { node: 'rabbit@qc-moses-rmq-bak-7', peer: 'rabbit@qc-moses-rmq-bak-9' },
        firstTime: '2016-08-17T15:10:48',
        lastTime: '2016-08-17T15:12:46',
      }),
    ]);
  });

  it('does not mistake the prose mention of a single ^@ for a hole', () => {
    expect(analyzeLogText('上述 “^@“ 的出现应该和 lseek 创建“空洞文件“有关；\n').findings).toEqual([]);
  });
});
