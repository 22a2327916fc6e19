import { mkdirSync, writeFileSync } from 'node:fs';
import { cliEnvironment, type LabLayout, type LabNodeLayout } from './lab-layout';

/** rabbitmq.conf for one node; `ignore` so partitions stay visible instead of being healed behind the test's back. */
export function renderRabbitmqConf(node: LabNodeLayout): string {
  return [
    `listeners.tcp.default = 127.0.0.1:${node.amqpPort}`,
    'log.file.level = info',
    'log.console = false',
    'cluster_partition_handling = ignore',
    '',
  ].join('\n');
}

export function writeNodeFiles(node: LabNodeLayout): void {
  for (const dir of [node.dir, node.mnesiaBase, node.logBase]) mkdirSync(dir, { recursive: true });
  writeFileSync(node.configFile, renderRabbitmqConf(node));
  // No plugins: management alone adds seconds to every boot and a port to collide on.
  writeFileSync(node.enabledPluginsFile, '[].\n');
  // An empty env file of our own, so /etc/rabbitmq/rabbitmq-env.conf on the machine cannot leak in.
  writeFileSync(node.envConfFile, '');
}

/** Environment for rabbitmq-server; every path points inside the node's own directory. */
export function nodeEnvironment(layout: LabLayout, node: LabNodeLayout): Record<string, string> {
  return {
    ...cliEnvironment(layout),
    RABBITMQ_NODENAME: node.name,
    RABBITMQ_NODE_IP_ADDRESS: '127.0.0.1',
    RABBITMQ_NODE_PORT: String(node.amqpPort),
    RABBITMQ_DIST_PORT: String(node.distPort),
    RABBITMQ_MNESIA_BASE: node.mnesiaBase,
    RABBITMQ_LOG_BASE: node.logBase,
    RABBITMQ_CONFIG_FILE: node.configFile,
    RABBITMQ_ADVANCED_CONFIG_FILE: `${node.dir}/advanced.config`,
    RABBITMQ_ENABLED_PLUGINS_FILE: node.enabledPluginsFile,
    RABBITMQ_CONF_ENV_FILE: node.envConfFile,
    RABBITMQ_PID_FILE: node.pidFile,
    // Distribution listens on every interface by default; the lab stays on loopback.
    RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS: '-kernel inet_dist_use_interface {127,0,0,1}',
    ERL_CRASH_DUMP: `${node.dir}/erl_crash.dump`,
  };
}
