import { spawn } from 'node:child_process';
import os from 'node:os';
import { LabError } from './lab-errors';
import { inNodeNetns, type LabNodeLayout } from './lab-layout';
import { identify, type ProcessIdentity } from './process-identity';

export type StressKind = 'cpu' | 'tcp';
export const STRESS_KINDS: readonly StressKind[] = ['cpu', 'tcp'];

/**
 * Twice as many runnable busy loops as CPUs: the load average per CPU climbs past 2, the critical
 * mark, within a minute or two. Niced to 19 so the load counts while the real work on the shared
 * machine still gets the CPU first.
 */
export const busyLoopCount = (): number => 2 * os.availableParallelism();
const BUSY_LOOP = 'for (;;) {}';

/** Starts the busy loops in sessions of their own (they outlive the CLI) and returns their identities. */
export function spawnBusyLoops(node: LabNodeLayout): ProcessIdentity[] {
  return Array.from({ length: busyLoopCount() }, () => {
    const [program = process.execPath, ...args] = inNodeNetns(node, [process.execPath, '-e', BUSY_LOOP]);
    const child = spawn(program, args, { stdio: 'ignore', detached: true });
    child.unref();
    const identity = child.pid === undefined ? null : identify(child.pid);
    if (identity === null) throw new LabError('command-failed', `a busy loop for ${node.name} did not start`);
    os.setPriority(identity.pid, 19);
    return identity;
  });
}
