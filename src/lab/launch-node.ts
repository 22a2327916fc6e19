import { spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync, rmSync } from 'node:fs';
import { fileTail } from './file-tail';
import { LabError } from './lab-errors';
import { inNodeNetns, RABBITMQ_SERVER, type LabLayout, type LabNodeLayout } from './lab-layout';
import { nodeEnvironment } from './node-files';
import { identify, processState, type ProcessIdentity } from './process-identity';
import { rabbitmqctl } from './rabbitmq-cli';
import { describeFailure } from './run-command';

const BOOT_WAIT_SECONDS = 120;

/**
 * Starts rabbitmq-server for one node in a new session (detached = setsid(2), so it outlives the
 * CLI that launched it and never gets our terminal's signals). Returns the launching script's
 * identity at once, so the caller can record it before the slow part.
 */
export function spawnNode(layout: LabLayout, node: LabNodeLayout): ProcessIdentity {
  // A pid file left by a crashed run would make `rabbitmqctl wait` watch a dead PID.
  rmSync(node.pidFile, { force: true });
  const consoleFd = openSync(node.consoleFile, 'a');
  try {
    // `ip netns exec` execs the program, so the PID spawned is still the launching script's.
    const [program = RABBITMQ_SERVER, ...args] = inNodeNetns(node, [RABBITMQ_SERVER]);
    const child = spawn(program, args, {
      cwd: node.dir,
      env: { ...process.env, ...nodeEnvironment(layout, node) },
      stdio: ['ignore', consoleFd, consoleFd],
      detached: true,
    });
    child.unref();
    const identity = child.pid === undefined ? null : identify(child.pid);
    if (identity === null) throw new LabError('node-boot-failed', `${node.name}: ${RABBITMQ_SERVER} did not start; is rabbitmq-server installed?`);
    return identity;
  } finally {
    closeSync(consoleFd);
  }
}

function readBeamPid(node: LabNodeLayout): ProcessIdentity | null {
  try {
    const pid = Number(readFileSync(node.pidFile, 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 ? identify(pid) : null;
  } catch {
    return null;
  }
}

function bootFailure(node: LabNodeLayout, why: string): LabError {
  return new LabError(
    'node-boot-failed',
    `${node.name} did not boot: ${why}\n  last lines of ${node.consoleFile}:\n${fileTail(node.consoleFile, 8)}\n  last lines of ${node.logFile}:\n${fileTail(node.logFile, 8)}`,
  );
}

/** Waits until the node has fully booted (`rabbitmqctl wait PIDFILE`) and returns the beam's identity. */
export async function awaitNodeBoot(layout: LabLayout, node: LabNodeLayout, launcher: ProcessIdentity): Promise<ProcessIdentity> {
  // If the launcher dies (boot failed before the pid file existed) `wait` would sit out its whole timeout.
  const launcherGone = new AbortController();
  const watch = setInterval(() => {
    if (processState(launcher) === 'gone') launcherGone.abort();
  }, 250);
  try {
    const argv = ['wait', node.pidFile, '--timeout', String(BOOT_WAIT_SECONDS)];
    const result = await rabbitmqctl(layout, node.name, argv, (BOOT_WAIT_SECONDS + 10) * 1000, launcherGone.signal);
    if (launcherGone.signal.aborted) throw bootFailure(node, 'rabbitmq-server exited during boot');
    if (result.exitCode !== 0 || result.timedOut) throw bootFailure(node, describeFailure(['rabbitmqctl', '-n', node.name, ...argv], result));
  } finally {
    clearInterval(watch);
  }
  const beam = readBeamPid(node);
  if (beam === null) throw bootFailure(node, `no live beam PID in ${node.pidFile}`);
  return beam;
}
