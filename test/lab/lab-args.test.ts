import { parseLabArgs } from '../../src/lab/lab-args';

const parse = (argv: string[], env: Record<string, string> = {}) => parseLabArgs(argv, env, '/repo/.lab');

describe('parseLabArgs', () => {
  it('parses up with its options, leaving unset ones undefined', () => {
    expect(parse(['up', '--nodes', '5', '--standby'])).toEqual({ ok: true, value: { verb: 'up', dir: '/repo/.lab', nodes: 5, standby: true } });
    expect(parse(['up', '--nodes=2'])).toEqual({ ok: true, value: { verb: 'up', dir: '/repo/.lab', nodes: 2, standby: undefined } });
  });

  it('parses the namespaced lab and its partition handling', () => {
    expect(parse(['up', '--netns', '--partition-handling', 'pause_minority'])).toEqual({
      ok: true,
      value: { verb: 'up', dir: '/repo/.lab', nodes: undefined, standby: undefined, network: 'netns', partitionHandling: 'pause_minority' },
    });
  });

  it('parses partition: the nodes cut off, and every node after --from as the other side', () => {
    expect(parse(['partition', '3'])).toEqual({ ok: true, value: { verb: 'partition', dir: '/repo/.lab', side: ['3'], from: [] } });
    expect(parse(['partition', '--dir', '/a', '1', '2', '--from', '3', '4'])).toEqual({ ok: true, value: { verb: 'partition', dir: '/a', side: ['1', '2'], from: ['3', '4'] } });
    expect(parse(['heal'])).toEqual({ ok: true, value: { verb: 'heal', dir: '/repo/.lab' } });
  });

  it('takes the dir from --dir, else RMQ_LAB_DIR, else the repo default', () => {
    expect(parse(['status', '--dir', '/a'], { RMQ_LAB_DIR: '/b' })).toEqual({ ok: true, value: { verb: 'status', dir: '/a' } });
    expect(parse(['status'], { RMQ_LAB_DIR: '/b' })).toEqual({ ok: true, value: { verb: 'status', dir: '/b' } });
    expect(parse(['down'])).toEqual({ ok: true, value: { verb: 'down', dir: '/repo/.lab' } });
  });

  it.each(['crash', 'hang', 'resume', 'start'])('gives %s its node', (verb) => {
    expect(parse([verb, 'rabbit2@localhost'])).toEqual({ ok: true, value: { verb, dir: '/repo/.lab', node: 'rabbit2@localhost' } });
  });

  it('parses load and stress, each with --stop', () => {
    expect(parse(['load'])).toEqual({ ok: true, value: { verb: 'load', dir: '/repo/.lab', stop: false } });
    expect(parse(['load', '--stop'])).toEqual({ ok: true, value: { verb: 'load', dir: '/repo/.lab', stop: true } });
    expect(parse(['stress', 'rabbit2', 'cpu'])).toEqual({ ok: true, value: { verb: 'stress', dir: '/repo/.lab', stress: { node: 'rabbit2', kind: 'cpu' } } });
    expect(parse(['stress', '3', 'tcp'])).toEqual({ ok: true, value: { verb: 'stress', dir: '/repo/.lab', stress: { node: '3', kind: 'tcp' } } });
    expect(parse(['stress', '--stop'])).toEqual({ ok: true, value: { verb: 'stress', dir: '/repo/.lab', stress: null } });
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
    [['up', '--partition-handling', 'autoheal-please'], '--partition-handling takes ignore, pause_minority, autoheal; got "autoheal-please"'],
    [['status', '--netns'], '--netns only goes with "up"'],
    [['partition'], '"partition" needs the nodes to cut off, e.g. partition rabbit3 (or partition 1 --from 2 3)'],
    [['partition', '1', '--from'], '--from needs the nodes on the other side'],
    [['partition', '1', '--from', '2', '--dir', '/a'], 'put options before --from: every word after it is a node'],
    [['heal', '--from', '2'], '--from only goes with "partition"'],
    [['crash', '2', '--stop'], '--stop only goes with "load" or "stress"'],
    [['load', 'fast'], '"load" takes no argument, got "fast"'],
    [['stress', '2'], '"stress" needs a node and cpu or tcp, e.g. stress rabbit2 cpu (or stress --stop)'],
    [['stress', '2', 'disk'], '"stress" needs a node and cpu or tcp, e.g. stress rabbit2 cpu (or stress --stop)'],
    [['stress', '2', '--stop'], '"stress --stop" stops every stress; it takes no node'],
  ])('refuses %j: %s', (argv, message) => {
    expect(parse(argv)).toEqual({ ok: false, error: message });
  });
});
