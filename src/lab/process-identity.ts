import { readFileSync } from 'node:fs';

/**
 * A PID the lab started, together with the kernel's start time of that process. PIDs are reused;
 * the pair is not, so the lab never signals a stranger that inherited one of its old PIDs.
 */
export interface ProcessIdentity {
  readonly pid: number;
  /** Field 22 of /proc/PID/stat (clock ticks since boot). */
  readonly startTime: number;
}

/** `running` covers R/S/D (alive); `hung` is T: stopped by SIGSTOP; `gone` includes zombies. */
export type ProcessState = 'running' | 'hung' | 'gone';

export interface ProcessSnapshot {
  readonly state: 'running' | 'hung' | 'zombie';
  readonly startTime: number;
}

/** Parses one /proc/PID/stat line. Pure, so the tricky `comm` field (may hold spaces and parens) is tested. */
export function parseProcStat(text: string): ProcessSnapshot | null {
  const afterComm = text.slice(text.lastIndexOf(')') + 2).split(' ');
  const state = afterComm[0];
  const startTime = Number(afterComm[19]);
  if (state === undefined || !Number.isFinite(startTime)) return null;
  const kind = state === 'T' || state === 't' ? 'hung' : state === 'Z' || state === 'X' ? 'zombie' : 'running';
  return { state: kind, startTime };
}

export function readProcess(pid: number): ProcessSnapshot | null {
  try {
    return parseProcStat(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return null;
  }
}

export function identify(pid: number): ProcessIdentity | null {
  const snapshot = readProcess(pid);
  return snapshot === null ? null : { pid, startTime: snapshot.startTime };
}

export function processState(identity: ProcessIdentity): ProcessState {
  const snapshot = readProcess(identity.pid);
  if (snapshot === null || snapshot.startTime !== identity.startTime || snapshot.state === 'zombie') return 'gone';
  return snapshot.state;
}

/** Signals the process only if it is still the one the lab started. Returns whether it was sent. */
export function signalIfOurs(identity: ProcessIdentity, signal: NodeJS.Signals): boolean {
  if (processState(identity) === 'gone') return false;
  try {
    process.kill(identity.pid, signal);
    return true;
  } catch {
    return false;
  }
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Polls until the process is gone; true if it went within the deadline. */
export async function waitUntilGone(identity: ProcessIdentity, deadlineMs: number): Promise<boolean> {
  const until = Date.now() + deadlineMs;
  while (processState(identity) !== 'gone') {
    if (Date.now() >= until) return false;
    await sleep(50);
  }
  return true;
}

/** SIGCONT (a hung process ignores TERM until resumed), SIGTERM, then SIGKILL after the grace period. */
export async function stopProcess(identity: ProcessIdentity, graceMs: number): Promise<void> {
  if (!signalIfOurs(identity, 'SIGCONT')) return;
  signalIfOurs(identity, 'SIGTERM');
  if (await waitUntilGone(identity, graceMs)) return;
  signalIfOurs(identity, 'SIGKILL');
  await waitUntilGone(identity, 5_000);
}
