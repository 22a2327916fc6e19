import { cliEnvironment, RABBITMQCTL, type LabLayout } from './lab-layout';
import { runCommand, type CommandResult } from './run-command';

/** `rabbitmqctl -n NODE ARGS…` with the lab's cookie and CLI port range. */
export function rabbitmqctl(layout: LabLayout, node: string, args: readonly string[], timeoutMs: number, signal?: AbortSignal): Promise<CommandResult> {
  return runCommand([RABBITMQCTL, '-n', node, ...args], { env: cliEnvironment(layout), cwd: layout.homeDir, timeoutMs, signal });
}
