import { parseLine } from '../../src/logs/line-header';

describe('parseLine: one physical line of every era', () => {
  it.each([
    ['=ERROR REPORT==== 17-Aug-2016::14:26:45 ===', { time: '2016-08-17T14:26:45', level: 'error', pid: null, message: '' }],
    ['=ERROR REPORT==== 19-Mar-2019::11:22:34.109832 ===', { time: '2019-03-19T11:22:34.109832', level: 'error' }],
    ['> =ERROR REPORT==== 14-May-2015::14:52:07 === ', { time: '2015-05-14T14:52:07', level: 'error' }],
    ['_=ERROR REPORT==== 27-Nov-2017::20:21:55 ===', { time: '2017-11-27T20:21:55' }],
    ['2018-12-05 06:37:13.602 [error] <0.202.0> boom', { time: '2018-12-05T06:37:13.602', level: 'error', pid: '<0.202.0>', message: 'boom', continuationKey: null }],
    ['2023-01-01 12:00:00.000000+00:00 [error] <0.1.0> boom', { time: '2023-01-01T12:00:00.000000+00:00', pid: '<0.1.0>', message: 'boom' }],
    ['2023-09-07 08:19:42.240695+00:00 [warn[] <0.27852.18> Mirrored', { level: 'warning', message: 'Mirrored' }],
    ['    2019-04-17 19:46:29.300 [warning] <0.298.0> disk', { level: 'warning', message: 'disk' }],
    ['rabbitmq_1                         | 2018-03-01 07:25:44.147 [info] <0.30973.0> accepting', { time: '2018-03-01T07:25:44.147', message: 'accepting' }],
    ['Jul 15 11:15:08 host rabbitmq-server[8331]: 2021-07-15 11:15:08.000 [error] <0.1.0> x', { level: 'error', message: 'x' }],
    ['2015-11-19T11:10:18.659560818Z 2015-11-19 11:10:18.659 [info] <0.1.0> y', { message: 'y' }],
    ['13:14:23.613 [error] BOOT FAILED', { time: '13:14:23.613', level: 'error', pid: null, message: 'BOOT FAILED' }],
  ])('%s', (line, expected) => {
    const parsed = parseLine(line);
    expect(parsed.kind).toBe('header');
    expect(parsed.kind === 'header' ? parsed.header : null).toEqual(expect.objectContaining(expected));
  });

  it('gives 3.9+ lines a continuation key so repeated prefixes join one record', () => {
    const first = parseLine('2026-11-24 23:44:10.342604+00:00 [error] <0.223.0> BOOT FAILED');
    const next = parseLine('2026-11-24 23:44:10.342604+00:00 [error] <0.223.0> ===========');
    expect(first.kind === 'header' && next.kind === 'header' && first.header.continuationKey === next.header.continuationKey).toBe(true);
  });

  it('treats message lines and blank lines as such', () => {
    expect(parseLine("rabbit on node 'rabbit@x' down")).toEqual({ kind: 'text', text: "rabbit on node 'rabbit@x' down" });
    expect(parseLine('   \r')).toEqual({ kind: 'blank' });
  });
});
