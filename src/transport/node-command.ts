import type { NodeConfig } from '../config/schema';
import type { Argv } from './types';

/**
 * How long after the bot's own deadline the node kills the command itself. The bot's timer starts
 * before the exec request travels, so it always fires first and reports `timeout`; the node then
 * sends SIGTERM, and SIGKILL one second later.
 */
export const remoteGraceMs = 250;

/**
 * Every command runs as `[...commandPrefix] timeout --kill-after=1 SECONDS argv…`.
 *
 * The remote `timeout` is what reliably ends a hung command (rabbitmqctl waiting on a SIGSTOPped
 * node): an SSH signal request is refused by OpenSSH for root sessions ("session signalling
 * requires privilege separation") and before 8.1, and cannot reach processes started through sudo.
 * It comes after the prefix so it runs with the prefix's privileges and can kill what it started.
 */
export function nodeCommandArgv(node: NodeConfig, argv: Argv, deadlineMs: number): Argv {
  const seconds = ((deadlineMs + remoteGraceMs) / 1000).toFixed(3);
  return [...node.commandPrefix, 'timeout', '--kill-after=1', seconds, ...argv];
}
