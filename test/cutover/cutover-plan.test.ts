import type { ClusterConfig, NodeConfig } from '../../src/config/schema';
import { planCutover } from '../../src/cutover/cutover-plan';

const node = (name: string): NodeConfig => ({ name, ssh: { host: '10.0.0.1', port: 22, user: 'ops', agent: true, allowUnknownHostKey: false, hostKey: 'ssh-ed25519 AAAA' }, commandPrefix: ['sudo', '-n'], rabbitmqctl: 'rabbitmqctl', env: {}, longNames: false });
const primary: ClusterConfig = { name: 'prod', role: 'primary', nodes: [node('rabbit@mq1')] };
const standby: ClusterConfig = {
  name: 'dr',
  role: 'standby',
  nodes: [node('rabbit@dr1')],
  switch: { node: 'rabbit@dr1', argv: ['/usr/local/bin/lb-switch', '--to', 'dr'] },
  rollback: { node: 'rabbit@dr1', argv: ['/usr/local/bin/lb-switch', '--to', 'prod'] },
};

describe('planCutover', () => {
  it('orders blocking health before acknowledged parity, then the switch behind the typed standby name, the verification and the rollback', () => {
    const plan = planCutover(primary, standby);
    if (!plan.ok) throw new Error(JSON.stringify(plan.error));
    expect(plan.value.preChecks).toEqual([
      { id: 'standby-health', blocking: true },
      { id: 'topology-parity', blocking: false },
    ]);
    expect(plan.value.action).toMatchObject({ confirmation: 'typed-name', typedName: 'dr', mutation: { cluster: 'dr', node: 'rabbit@dr1', command: { access: 'mutate', name: 'switch' } } });
    expect(plan.value.action.mutation.command.argv).toEqual(['/usr/local/bin/lb-switch', '--to', 'dr']);
    expect(plan.value.verification).toBe('client-endpoint-reaches-standby');
    expect(plan.value.rollback?.command.argv).toEqual(['/usr/local/bin/lb-switch', '--to', 'prod']);
  });

  it('refuses without a configured switch and says so; no rollback configured is an explicit null', () => {
    const { switch: _switch, rollback: _rollback, ...bare } = standby;
    expect(planCutover(primary, bare)).toMatchObject({ ok: false, error: { kind: 'not-configured', key: 'switch' } });
    const { rollback: _r, ...noRollback } = standby;
    const plan = planCutover(primary, noRollback);
    expect(plan.ok && plan.value.rollback).toBeNull();
  });
});
