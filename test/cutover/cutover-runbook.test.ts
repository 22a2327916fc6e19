import type { ClusterConfig } from '../../src/config/schema';
import type { CutoverPair } from '../../src/cutover/cutover-pair';
import type { TopologyDifference } from '../../src/cutover/topology';
import { parityCheck } from '../../src/runbooks/cutover-runbook';

const cluster = (name: string, role: 'primary' | 'standby'): ClusterConfig => ({ name, role, nodes: [] });
const pair: CutoverPair = { primary: cluster('prod', 'primary'), standby: cluster('dr', 'standby') };
const queues = (n: number): TopologyDifference[] => Array.from({ length: n }, (_, i) => ({ kind: 'queue-missing', vhost: '/', name: `q${i}` }));

describe('the cutover runbook\'s topology parity check', () => {
  it('never blocks: differences pass the check and are listed as one warning, acknowledged by typing the name', () => {
    const { check, warnings } = parityCheck({ kind: 'compared', vhosts: ['/'], primaryFrom: 'rabbit@mq1', standbyFrom: 'rabbit@dr1', differences: queues(2) }, pair);
    expect(check).toEqual({ name: 'topology parity', passed: true, detail: '2 differences (listed on rabbit@mq1 and rabbit@dr1)' });
    expect(warnings).toEqual(['Clients of prod would miss these on dr:\nqueue · / · q0 · missing on the standby\nqueue · / · q1 · missing on the standby']);
  });

  it('cuts a long list and points at /rmq cutover-check for the rest', () => {
    const { warnings } = parityCheck({ kind: 'compared', vhosts: ['/'], primaryFrom: 'a', standbyFrom: 'b', differences: queues(23) }, pair);
    const lines = warnings[0]?.split('\n') ?? [];
    expect(lines).toHaveLength(22);
    expect(lines.at(-1)).toBe('… and 3 more: /rmq cutover-check prod lists them all');
  });

  it('a primary too broken to list its topology does not stop the cutover, and the warning says parity is unknown', () => {
    const { check, warnings } = parityCheck({ kind: 'not-compared', reason: 'no node of prod listed its topology' }, pair);
    expect(check).toMatchObject({ passed: true, detail: 'not compared: no node of prod listed its topology' });
    expect(warnings[0]).toMatch(/could not be checked .* clients may miss exchanges, queues or bindings on dr/);
  });

  it('with nothing missing there is no warning', () => {
    expect(parityCheck({ kind: 'compared', vhosts: ['/', 'orders'], primaryFrom: 'a', standbyFrom: 'b', differences: [] }, pair)).toEqual({
      check: { name: 'topology parity', passed: true, detail: 'every exchange, queue and binding of prod (vhosts /, orders) exists on dr' },
      warnings: [],
    });
  });
});
