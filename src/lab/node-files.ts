import { mkdirSync, writeFileSync } from 'node:fs';
import { cliEnvironment, NETNS_TICKTIME_SECONDS, type LabLayout, type LabNodeLayout, type PartitionHandling } from './lab-layout';

/**
 * rabbitmq.conf for one node. `ignore` by default so partitions stay visible instead of being healed
 * behind the test's back; drills choose the other modes at `up`.
 */
export function renderRabbitmqConf(node: LabNodeLayout, partitionHandling: PartitionHandling = 'ignore'): string {
  return [
    `listeners.tcp.default = ${node.address}:${node.amqpPort}`,
    'log.file.level = info',
    'log.console = false',
    `cluster_partition_handling = ${partitionHandling}`,
    // A namespaced node has no loopback listener, and guest may log in from loopback only: `lab load`
    // reaches it from another lab namespace. Those addresses exist only inside the lab's namespaces.
    ...(node.netns === null ? [] : ['loopback_users = none']),
    '',
  ].join('\n');
}

export function writeNodeFiles(node: LabNodeLayout, partitionHandling: PartitionHandling): void {
  for (const dir of [node.dir, node.mnesiaBase, node.logBase]) mkdirSync(dir, { recursive: true });
  writeFileSync(node.configFile, renderRabbitmqConf(node, partitionHandling));
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
    RABBITMQ_NODE_IP_ADDRESS: node.address,
    RABBITMQ_NODE_PORT: String(node.amqpPort),
    RABBITMQ_DIST_PORT: String(node.distPort),
    RABBITMQ_MNESIA_BASE: node.mnesiaBase,
    RABBITMQ_LOG_BASE: node.logBase,
    RABBITMQ_CONFIG_FILE: node.configFile,
    RABBITMQ_ADVANCED_CONFIG_FILE: `${node.dir}/advanced.config`,
    RABBITMQ_ENABLED_PLUGINS_FILE: node.enabledPluginsFile,
    RABBITMQ_CONF_ENV_FILE: node.envConfFile,
    RABBITMQ_PID_FILE: node.pidFile,
    // Distribution listens on every interface by default: the loopback lab stays on loopback; a
    // namespace has only its own link, and its low tick time makes a cut noticed in seconds.
    RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS: node.netns === null ? '-kernel inet_dist_use_interface {127,0,0,1}' : `-kernel net_ticktime ${NETNS_TICKTIME_SECONDS}`,
    ERL_CRASH_DUMP: `${node.dir}/erl_crash.dump`,
  };
}
