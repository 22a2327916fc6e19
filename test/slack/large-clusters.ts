import { sshFailedReport } from '../helpers/node-reports';
import type { ClusterConfig } from '../../src/config/schema';
import type { NodeReport } from '../../src/inspect/cluster-inspector';

/** Node names as long as RabbitMQ setups make them: 64 characters, unique by their index. */
export function longNodeName(i: number): string {
  const host = `mq-${String(i).padStart(3, '0')}.eu-west-1.compute.internal.example-incident`;
  return `rabbit@${host}`.padEnd(64, 'x').slice(0, 64);
}

export function longNameCluster(size: number, name = 'prod-eu-west-1'): ClusterConfig {
  return {
    name,
    role: 'primary',
    nodes: Array.from({ length: size }, (_, i) => ({
      name: longNodeName(i),
      ssh: { host: `10.0.${Math.floor(i / 250)}.${(i % 250) + 1}`, port: 22, user: 'rabbit', agent: true, allowUnknownHostKey: true },
      commandPrefix: [],
      rabbitmqctl: 'rabbitmqctl',
      env: {},
      longNames: true,
    })),
  };
}

export function unreachable(cluster: ClusterConfig, node: string): NodeReport {
  return sshFailedReport(cluster.name, node, { kind: 'unreachable', reason: 'connect-timeout', detail: 'SSH connect to 10.0.0.1:22 timed out after 5.0 s (host down or filtered)' });
}
