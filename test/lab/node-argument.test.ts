import { planLab } from '../../src/lab/lab-layout';
import { resolveNodeArgument } from '../../src/lab/node-argument';

const nodes = planLab({ dir: '/srv/lab', nodes: 3, standby: true, prefix: 'rabbit', portBase: 5672 }).nodes;
const resolve = (argument: string) => {
  const r = resolveNodeArgument(argument, nodes);
  return r.ok ? r.value.name : r.error.message;
};

describe('resolveNodeArgument', () => {
  it.each(['rabbit2', 'rabbit2@localhost', '2', ' 2 '])('finds rabbit2@localhost from "%s"', (argument) => {
    expect(resolve(argument)).toBe('rabbit2@localhost');
  });

  it('finds the standby by word and by name', () => {
    expect(resolve('standby')).toBe('rabbit-standby@localhost');
    expect(resolve('rabbit-standby')).toBe('rabbit-standby@localhost');
  });

  it.each(['4', '0', 'rabbit4', 'rabbit2@otherhost', ''])('refuses "%s" and lists the nodes there are', (argument) => {
    expect(resolve(argument)).toBe(`no lab node "${argument}"; the lab has rabbit1 (1), rabbit2 (2), rabbit3 (3), rabbit-standby (standby)`);
  });
});
