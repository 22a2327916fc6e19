import { parseLabArgs } from '../../src/lab/lab-args';

const parse = (argv: string[], env: Record<string, string> = {}) => parseLabArgs(argv, env, '/repo/.lab');

describe('parseLabArgs', () => {
  it('parses up with its options, leaving unset ones undefined', () => {
    expect(parse(['up', '--nodes', '5', '--standby'])).toEqual({ ok: true, value: { verb: 'up', dir: '/repo/.lab', nodes: 5, standby: true } });
    expect(parse(['up', '--nodes=2'])).toEqual({ ok: true, value: { verb: 'up', dir: '/repo/.lab', nodes: 2, standby: undefined } });
  });

  it('takes the dir from --dir, else RMQ_LAB_DIR, else the repo default', () => {
    expect(parse(['status', '--dir', '/a'], { RMQ_LAB_DIR: '/b' })).toEqual({ ok: true, value: { verb: 'status', dir: '/a' } });
    expect(parse(['status'], { RMQ_LAB_DIR: '/b' })).toEqual({ ok: true, value: { verb: 'status', dir: '/b' } });
    expect(parse(['down'])).toEqual({ ok: true, value: { verb: 'down', dir: '/repo/.lab' } });
  });

  it.each(['crash', 'hang', 'resume', 'start'])('gives %s its node', (verb) => {
    expect(parse([verb, 'rabbit2@localhost'])).toEqual({ ok: true, value: { verb, dir: '/repo/.lab', node: 'rabbit2@localhost' } });
  });

  it('shows help for no words, help, or --help', () => {
    for (const argv of [[], ['help'], ['status', '--help']]) expect(parse(argv)).toEqual({ ok: true, value: { verb: 'help' } });
  });

  it.each([
    [['crash'], '"crash" needs a node: rabbit2@localhost, rabbit2 or 2'],
    [['crash', '1', '2'], '"crash" takes one node, got "2" too'],
    [['up', '--nodes', 'three'], '--nodes needs a positive whole number, got "three"'],
    [['up', '--nodes'], '--nodes needs a value'],
    [['status', '--standby'], '--standby only goes with "up"'],
    [['status', 'now'], '"status" takes no argument, got "now"'],
    [['up', '--force'], 'unknown option --force'],
    [['explode'], 'unknown lab command "explode"'],
  ])('refuses %j: %s', (argv, message) => {
    expect(parse(argv)).toEqual({ ok: false, error: message });
  });
});
