import type { ClusterProbe, VhostProbe } from '../../src/amqp/probe-result';
import { judgeStandbyHealth } from '../../src/cutover/standby-health';
import { announcedClusterName, describeSwitchVerification, verifySwitch } from '../../src/cutover/verify-switch';
import type { ClusterSnapshot } from '../../src/snapshot/cluster-snapshot';

const endpoint = { host: '10.0.0.9', port: 5672 };
const connected = (clusterName: string, canary: Extract<VhostProbe, { kind: 'connected' }>['canary'] = { kind: 'round-trip', roundTripMs: 3.2 }): VhostProbe => ({
  vhost: '/',
  kind: 'connected',
  server: { clusterName, product: 'RabbitMQ', version: '3.10.8' },
  connectMs: 12,
  canary,
  queues: [],
  blocked: null,
});
const probeOf = (cluster: string, ...vhosts: VhostProbe[]): ClusterProbe => ({ cluster, endpoints: [{ endpoint, vhosts }] });
const snapshot = (facts: ClusterSnapshot['facts']): ClusterSnapshot => ({ cluster: 'dr', reports: [], facts });

describe('judgeStandbyHealth', () => {
  it('is healthy with no problem facts and a canary round trip on every endpoint', () => {
    const health = judgeStandbyHealth(snapshot([]), probeOf('dr', connected('dr@host')));
    expect(health).toMatchObject({ healthy: true, problems: [], roundTrips: [{ endpoint, vhost: '/', roundTripMs: 3.2 }] });
  });

  it('lists down and silent nodes, alarms, partitions, and a blocked canary', () => {
    const health = judgeStandbyHealth(
      snapshot([
        { kind: 'no-answer', node: 'b@h', reach: 'timeout' },
        { kind: 'no-answer', node: 'c@h', reach: 'rabbit-down' },
        { kind: 'alarm', node: 'a@h', alarm: 'disk' },
        { kind: 'disk-low', node: 'a@h' },
      ]),
      probeOf('dr', connected('dr@host', { kind: 'blocked', reason: 'low on disk' })),
    );
    expect(health.healthy).toBe(false);
    expect(health.problems).toEqual([
      { kind: 'node-not-answering', node: 'b@h', reach: 'timeout' },
      { kind: 'node-down', node: 'c@h' },
      { kind: 'alarm', node: 'a@h', alarm: 'disk' },
      { kind: 'canary-failed', endpoint, vhost: '/', canary: { kind: 'blocked', reason: 'low on disk' } },
    ]);
  });

  it('cannot call a standby without an amqp section healthy: the client path is untested', () => {
    expect(judgeStandbyHealth(snapshot([]), null).problems).toEqual([{ kind: 'no-amqp-config' }]);
  });
});

describe('verifySwitch', () => {
  it('passes when every client-facing endpoint announces the expected cluster name', () => {
    expect(verifySwitch(probeOf('prod', connected('dr@host')), 'dr@host')).toEqual({ kind: 'reaches', clusterName: 'dr@host' });
    expect(describeSwitchVerification({ kind: 'reaches', clusterName: 'dr@host' })).toBe('every client-facing endpoint announces cluster_name dr@host');
  });

  it('fails naming what the endpoint still reaches, or why it cannot be reached', () => {
    const other = verifySwitch(probeOf('prod', connected('prod@host')), 'dr@host');
    expect(other).toEqual({ kind: 'reaches-other', endpoint, clusterName: 'prod@host', expected: 'dr@host' });
    expect(describeSwitchVerification(other)).toBe('10.0.0.9:5672 announces prod@host, not dr@host');
    expect(verifySwitch(probeOf('prod', { vhost: '/', kind: 'unreachable', failure: { kind: 'refused' } }), 'dr@host')).toEqual({ kind: 'client-endpoint-unreachable', endpoint, failure: { kind: 'refused' } });
  });
});

describe('announcedClusterName', () => {
  it('is the name the first connection announced, and null when nothing connected', () => {
    expect(announcedClusterName(probeOf('dr', { vhost: '/', kind: 'unreachable', failure: { kind: 'refused' } }, connected('dr@host')))).toBe('dr@host');
    expect(announcedClusterName(probeOf('dr', { vhost: '/', kind: 'unreachable', failure: { kind: 'refused' } }))).toBeNull();
  });
});
