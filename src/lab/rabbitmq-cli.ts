import { LabError } from './lab-errors';
import { cliEnvironment, inNodeNetns, RABBITMQCTL, type LabLayout } from './lab-layout';
import { runCommand, type CommandResult } from './run-command';

/** `rabbitmqctl -n NODE ARGS…` with the lab's cookie and CLI port range, inside the node's namespace if it has one. */
export function rabbitmqctl(layout: LabLayout, node: string, args: readonly string[], timeoutMs: number, signal?: AbortSignal): Promise<CommandResult> {
  const target = layout.nodes.find((n) => n.name === node);
  if (target === undefined) throw new LabError('unknown-node', `no lab node ${node}`);
  return runCommand(inNodeNetns(target, [RABBITMQCTL, '-n', node, ...args]), { env: cliEnvironment(layout), cwd: layout.homeDir, timeoutMs, signal });
}
