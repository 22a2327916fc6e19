import { writeFileSync } from 'node:fs';
import { stringify } from 'yaml';
import { formatConfigError, parseConfigText } from '../config/load-config';
import { LabError } from './lab-errors';
import { cliEnvironment, inNodeNetns, RABBITMQCTL, type LabClusterName, type LabLayout } from './lab-layout';

/** `/rmq status` asks each node for `status` and `cluster_status` at the same time. */
const COMMANDS_PER_NODE_INSPECTION = 2;
/** The config schema's ceiling for limits.perHostConcurrency. */
const MAX_PER_HOST_CONCURRENCY = 16;

/**
 * The bot config for this lab: every node is reached through the lab's sshd as root, with the
 * lab's sshd host key pinned (never "accept any key", even in a lab). In a namespaced lab the sshd
 * still listens on loopback and each node's commands enter its namespace (`ip netns exec`), like a
 * management network that a cut between the nodes does not touch: the bot sees both sides of a
 * partition, and no lab address ever exists outside the lab's namespaces.
 */
export function renderLabBotConfig(layout: LabLayout, hostKey: string): string {
  const nodesOf = (cluster: LabClusterName) =>
    layout.nodes
      .filter((n) => n.cluster === cluster)
      .map((n) => ({
        name: n.name,
        ssh: { host: '127.0.0.1', port: layout.sshd.port, user: 'root', privateKey: { file: layout.sshd.clientKeyFile }, hostKey },
        ...(n.netns === null ? {} : { commandPrefix: [...inNodeNetns(n, [])], longNames: true }),
        rabbitmqctl: RABBITMQCTL,
        env: { ...cliEnvironment(layout) },
        logFile: n.logFile,
      }));
  const standby = nodesOf('lab-standby');
  const clusters = standby.length > 0 ? [{ name: 'lab', role: 'primary', standby: 'lab-standby', nodes: nodesOf('lab') }, { name: 'lab-standby', role: 'standby', nodes: standby }] : [{ name: 'lab', role: 'primary', nodes: nodesOf('lab') }];
  // Every lab node stands for a host of its own but all share one sshd address, and the per-host
  // limit is keyed by address: at the default of 2, one hung node's status + cluster_status would
  // hold both slots for the whole command deadline and the other nodes would time out behind it.
  const limits = { perHostConcurrency: Math.min(MAX_PER_HOST_CONCURRENCY, COMMANDS_PER_NODE_INSPECTION * layout.nodes.length) };
  return `# Written by \`rmq-bot lab up\` for the local lab in ${layout.dir}; rewritten on every up.\n${stringify({ clusters, limits }, { lineWidth: 0 })}`;
}

/** Validates with the bot's own config parser before writing, so the lab never hands out a config the bot rejects. */
export function writeLabBotConfig(layout: LabLayout, hostKey: string): void {
  const text = renderLabBotConfig(layout, hostKey);
  const parsed = parseConfigText(text, layout.configPath);
  if (!parsed.ok) throw new LabError('config-invalid', `the lab's bot config would be rejected (is the lab dir path plain?):\n${formatConfigError(parsed.error)}`);
  writeFileSync(layout.configPath, text);
}
