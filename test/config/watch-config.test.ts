import { parse, stringify } from 'yaml';
import { formatConfigError, parseConfigText } from '../../src/config/load-config';
import { readFixture } from '../helpers/fixtures';

const withWatch = (watch: unknown): string => {
  const config = parse(readFixture('config/valid.yml')) as Record<string, unknown>;
  config['watch'] = watch;
  return stringify(config);
};

const problem = (watch: unknown): string => {
  const result = parseConfigText(withWatch(watch), 'bot.yml');
  if (result.ok) throw new Error('expected the config to be refused');
  return formatConfigError(result.error);
};

describe('the watch section of the config', () => {
  it('fills its defaults', () => {
    const result = parseConfigText(withWatch({ intervalMs: 10_000 }), 'bot.yml');
    if (!result.ok) throw new Error(formatConfigError(result.error));
    expect(result.value.watch).toEqual({
      intervalMs: 10_000,
      leaseMs: 30_000,
      flapThreshold: 3,
      flapWindowMs: 300_000,
      keepSnapshots: 200,
      channels: {},
      openIncidentOn: [],
      logs: { enabled: true, maxBytesPerPoll: 1024 * 1024, minSeverity: 'critical', quietMs: 3_600_000 },
    });
  });

  it('fills the defaults of log watching, and refuses a severity it does not know or a read too small for a line', () => {
    const result = parseConfigText(withWatch({ logs: { minSeverity: 'warning' } }), 'bot.yml');
    if (!result.ok) throw new Error(formatConfigError(result.error));
    expect(result.value.watch?.logs).toEqual({ enabled: true, maxBytesPerPoll: 1024 * 1024, minSeverity: 'warning', quietMs: 3_600_000 });
    expect(problem({ logs: { minSeverity: 'fatal' } })).toContain('watch.logs.minSeverity');
    expect(problem({ logs: { maxBytesPerPoll: 100 } })).toContain('watch.logs.maxBytesPerPoll');
    expect(problem({ logs: { grep: 'x' } })).toContain('grep');
    expect(problem({ logs: { rotatedSuffix: '.1; rm -rf /' } })).toContain('expected a file name suffix such as .1');
  });

  it('names a watched cluster that is not configured, and the ones that are', () => {
    expect(problem({ clusters: ['prod', 'prdo'] })).toContain('"prdo" is not a configured cluster; watch one of: prod, standby');
  });

  it('names the cluster whose incident channel is missing when watch opens incidents', () => {
    expect(problem({ channels: { prod: 'C0PROD' }, openIncidentOn: ['node-down'] })).toContain(
      'watch.openIncidentOn opens incidents in each cluster\'s channel, and "standby" has none: add watch.channels.standby: C…',
    );
  });

  it('refuses a channel for a cluster that is not configured', () => {
    expect(problem({ channels: { prdo: 'C0PROD' } })).toContain('"prdo" is not a configured cluster; name the channel of one of: prod, standby');
  });

  it('refuses a change that cannot open an incident, naming the ones that can', () => {
    expect(problem({ channels: { prod: 'C0PROD', standby: 'C0STBY' }, openIncidentOn: ['node-up'] })).toMatch(/node-down/);
  });

  it('refuses a lease that would lapse between two renewals', () => {
    expect(problem({ intervalMs: 30_000, leaseMs: 20_000 })).toContain('watch.leaseMs must be longer than watch.intervalMs');
  });
});
