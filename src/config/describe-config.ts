import type { BotConfig, SecretRef } from './schema';

function secretSource(ref: SecretRef | undefined, agent: boolean): string {
  if (ref && 'env' in ref) return `key from $${ref.env}`;
  if (ref && 'file' in ref) return `key file ${ref.file}`;
  return agent ? 'SSH agent' : 'no key';
}

/** The summary `config check` prints: enough to spot a wrong host or port, never a secret. */
export function describeConfig(config: BotConfig, file: string): string {
  const lines = [`config ${file} is valid.`];
  for (const cluster of config.clusters) {
    lines.push(`cluster ${cluster.name} (${cluster.role}), ${cluster.nodes.length} node${cluster.nodes.length === 1 ? '' : 's'}:`);
    for (const node of cluster.nodes) {
      const ssh = node.ssh;
      const hostKey = ssh.hostKey ? 'pinned host key' : ssh.knownHostsFile ? `known_hosts ${ssh.knownHostsFile}` : 'ANY host key (lab only)';
      lines.push(`  ${node.name}  ssh ${ssh.user}@${ssh.host}:${ssh.port}, ${secretSource(ssh.privateKey, ssh.agent)}, ${hostKey}${node.logFile ? `, log ${node.logFile}` : ''}`);
    }
  }
  lines.push(`deadlines: connect ${config.deadlines.connectMs} ms, command ${config.deadlines.commandMs} ms`);
  lines.push(`limits: ${config.limits.perHostConcurrency} per host, ${config.limits.overallConcurrency} overall, output cap ${config.limits.maxOutputBytes} bytes`);
  const roles = config.chat.roles;
  lines.push(`chat: ${config.chat.allowedChannels.length === 0 ? 'any channel' : config.chat.allowedChannels.join(', ')}; viewers ${roles.viewer.length}, operators ${roles.operator.length}, approvers ${roles.approver.length}`);
  return lines.join('\n');
}
