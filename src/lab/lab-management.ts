import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseDocument } from 'yaml';
import { formatConfigError, parseConfigText } from '../config/load-config';
import type { Lab } from './lab';
import { LabError } from './lab-errors';
import { RABBIT_BIN_DIR, type LabNodeLayout } from './lab-layout';
import { rabbitmqctl } from './rabbitmq-cli';
import { describeFailure, runCommand, succeeded } from './run-command';

/**
 * The management plugin on lab nodes, switched on and off while they run (`lab up --management`,
 * and tests that need the API or its absence). Each node's API listens on its own loopback port
 * inside the lab's port block, never on the machine-wide 15672 another lab may hold.
 */
const MANAGEMENT_PORT_OFFSET = 10;
const PLUGINS_TIMEOUT_MS = 60_000;
const RABBITMQ_PLUGINS = `${RABBIT_BIN_DIR}/rabbitmq-plugins`;

/** amqp and sshd use the first 10 ports of the block; the next 9 are free for one API per node. */
export const labManagementPort = (node: LabNodeLayout): number => node.amqpPort + MANAGEMENT_PORT_OFFSET;

async function plugins(lab: Lab, node: LabNodeLayout, verb: 'enable' | 'disable'): Promise<void> {
  const argv = [RABBITMQ_PLUGINS, '-n', node.name, verb, '--online', 'rabbitmq_management'];
  // The CLI edits the node's own enabled_plugins file and refuses when its idea of the path differs from the node's.
  const result = await runCommand(argv, { env: { ...lab.cliEnv, RABBITMQ_ENABLED_PLUGINS_FILE: node.enabledPluginsFile }, cwd: lab.homeDir, timeoutMs: PLUGINS_TIMEOUT_MS });
  if (!succeeded(result)) throw new LabError('command-failed', describeFailure(argv, result));
}

/**
 * Starts the plugin on a running node, listening on 127.0.0.1 at its lab port. The port goes into the
 * running node's environment (persistent, so loading the plugin keeps it) and into rabbitmq.conf for
 * the node's next boot.
 */
export async function enableLabManagement(lab: Lab, argument: string): Promise<number> {
  const node = lab.node(argument);
  const port = labManagementPort(node);
  const setPort = `application:set_env(rabbitmq_management, tcp_config, [{port, ${port}}, {ip, "127.0.0.1"}], [{persistent, true}]).`;
  const result = await rabbitmqctl(lab.layout, node.name, ['eval', setPort], PLUGINS_TIMEOUT_MS);
  if (!succeeded(result)) throw new LabError('command-failed', describeFailure(['rabbitmqctl', 'eval', setPort], result));
  const conf = readFileSync(node.configFile, 'utf8');
  if (!conf.includes('management.tcp.port')) appendFileSync(node.configFile, `management.tcp.port = ${port}\nmanagement.tcp.ip = 127.0.0.1\n`);
  await plugins(lab, node, 'enable');
  return port;
}

/** Stops the plugin on a running node: the broker keeps running, the API stops answering. */
export function disableLabManagement(lab: Lab, argument: string): Promise<void> {
  return plugins(lab, lab.node(argument), 'disable');
}

/** Adds the `management:` key to the lab's bot config: the lab's guest user, its password in a file, each node's port. */
export function writeLabManagementConfig(lab: Lab): void {
  const passwordFile = path.join(lab.dir, 'management-password');
  writeFileSync(passwordFile, 'guest\n', { mode: 0o600 });
  const document = parseDocument(readFileSync(lab.configPath, 'utf8'));
  const nodePorts = Object.fromEntries(lab.nodes.map((n) => [n.name, labManagementPort(n)]));
  document.set('management', { user: 'guest', password: { file: passwordFile }, nodePorts });
  // The guarded management restart runs rabbitmq-plugins, which must see the node's own enabled_plugins file (see `plugins`).
  const clusters = (document.toJS() as { clusters: { nodes: { name: string }[] }[] }).clusters;
  clusters.forEach((cluster, c) =>
    cluster.nodes.forEach((entry, n) => {
      const node = lab.nodes.find((l) => l.name === entry.name);
      if (node) document.setIn(['clusters', c, 'nodes', n, 'env', 'RABBITMQ_ENABLED_PLUGINS_FILE'], node.enabledPluginsFile);
    }),
  );
  const text = document.toString({ lineWidth: 0 });
  const parsed = parseConfigText(text, lab.configPath);
  if (!parsed.ok) throw new LabError('config-invalid', `the lab's bot config with management would be rejected:\n${formatConfigError(parsed.error)}`);
  writeFileSync(lab.configPath, text);
}
