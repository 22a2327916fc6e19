import { configSchema } from '../../src/config/schema';
import { buildMutation, describeMutationProblem } from '../../src/mutations/mutation-command';
import { managementRestartVia } from '../../src/runbooks/mgmt-restart-runbook';
import { nodeRunbooks } from '../../src/runbooks/catalog';

const cluster = configSchema.parse({
  clusters: [{ name: 'prod', role: 'primary', nodes: [{ name: 'rabbit@mq1', ssh: { host: 'mq1', user: 'root', agent: true, allowUnknownHostKey: true } }] }],
}).clusters[0]!;

describe('the guarded management restart', () => {
  it.each([
    ['3.2.4', 'eval'],
    ['3.3.5', 'eval'],
    ['3.4.0', 'plugins'],
    ['3.6.16', 'plugins'],
    ['3.10.8', 'plugins'],
    ['4.0.5', 'plugins'],
    [null, 'eval'],
    ['version_num', 'eval'],
  ] as const)('on RabbitMQ %s restarts the plugin with %s', (version, via) => {
    expect(managementRestartVia(version)).toBe(via);
  });

  it('is an operator runbook of the catalog: confirm first, stop then start, each verified', () => {
    const runbook = nodeRunbooks.get('mgmt-restart');
    expect(runbook?.level).toBe('mutating');
    expect(runbook?.steps.map((s) => s.name)).toEqual(['stop-management', 'start-management']);
  });

  it('sends only the constant words of the allowlist, with the default rabbitmqctl found in PATH', () => {
    const built = buildMutation(cluster, { action: 'management_start', node: 'rabbit@mq1', via: 'plugins' });
    expect(built.ok && built.value.command.argv).toEqual(['rabbitmq-plugins', '-n', 'rabbit@mq1', 'enable', '--online', 'rabbitmq_management']);
  });

  it.each(["rabbit@mq1'; reboot; '", 'rabbit@$(reboot)', 'rabbit@mq1\nreboot', 'rabbit@mq9'])('refuses a node name from chat that is not a configured node: %j', (node) => {
    const built = buildMutation(cluster, { action: 'management_stop', node, via: 'eval' });
    expect(built.ok).toBe(false);
    if (!built.ok) expect(describeMutationProblem(built.error)).toMatch(/node must look like rabbit@host|there is no node/);
  });
});
