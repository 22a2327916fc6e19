import { parseDrillArgs } from '../../src/drills/drill-args';

describe('parseDrillArgs', () => {
  it('parses list, a scenario in its own lab, in a running lab, and the read-only half', () => {
    expect(parseDrillArgs(['list'])).toEqual({ ok: true, value: { verb: 'list' } });
    expect(parseDrillArgs(['crash'])).toEqual({ ok: true, value: { verb: 'lab', name: 'crash', labDir: undefined } });
    expect(parseDrillArgs(['all', '--lab', '/srv/lab'])).toEqual({ ok: true, value: { verb: 'lab', name: 'all', labDir: '/srv/lab' } });
    expect(parseDrillArgs(['crash', '--config', 'bot.yaml', '--target', 'prod', '--node', 'rabbit@mq3'])).toEqual({
      ok: true,
      value: { verb: 'read-only', name: 'crash', config: 'bot.yaml', target: 'prod', node: 'rabbit@mq3' },
    });
  });

  it('shows help for no words, help, or --help', () => {
    for (const argv of [[], ['help'], ['crash', '--help']]) expect(parseDrillArgs(argv)).toEqual({ ok: true, value: { verb: 'help' } });
  });

  it.each([
    [['crash', 'hang'], 'one scenario at a time, got "hang" too'],
    [['crash', '--config', 'bot.yaml'], 'against a configured cluster, give all of --config FILE --target CLUSTER --node NODE'],
    [['all', '--config', 'a', '--target', 'b', '--node', 'c'], 'against a configured cluster, run one scenario at a time: you break the cluster for each'],
    [['crash', '--lab', '/l', '--config', 'a', '--target', 'b', '--node', 'c'], '--lab and --config do not go together: a drill runs against the lab or against a configured cluster'],
  ])('refuses %j: %s', (argv, message) => {
    expect(parseDrillArgs(argv)).toEqual({ ok: false, error: message });
  });

  it('names an unknown option', () => {
    const parsed = parseDrillArgs(['crash', '--inject-everywhere']);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.error).toContain('--inject-everywhere');
  });
});
