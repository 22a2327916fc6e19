import { spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileTail } from './file-tail';
import { LabError } from './lab-errors';
import { inNodeNetns, type LabLayout, type LabNodeLayout } from './lab-layout';
import { identify, processState, type ProcessIdentity } from './process-identity';

/** The line the load process prints once both clients are connected and publishing. */
export const LOAD_READY_LINE = 'load running';
export const LOAD_QUEUE = 'lab.load';
export const LOAD_RATE_PER_SECOND = 20;
/** Two AMQP connects of at most 5 s each, and the start of a TypeScript process on a busy machine. */
const READY_DEADLINE_MS = 30_000;

/** Where the clients connect and where their queue lives: the first node, and the last one of the same cluster. */
export interface LoadPlan {
  readonly clientNode: LabNodeLayout;
  readonly homeNode: LabNodeLayout;
  readonly queue: string;
  readonly ratePerSecond: number;
  readonly logFile: string;
}

export function planLoad(layout: LabLayout): LoadPlan {
  const primaries = layout.nodes.filter((n) => n.cluster === 'lab');
  const clientNode = primaries[0];
  const homeNode = primaries[primaries.length - 1];
  if (clientNode === undefined || homeNode === undefined) throw new LabError('bad-options', 'the lab has no node to put load on');
  return { clientNode, homeNode, queue: LOAD_QUEUE, ratePerSecond: LOAD_RATE_PER_SECOND, logFile: path.join(layout.dir, 'load.log') };
}

const amqpUrl = (node: LabNodeLayout) => `amqp://guest:guest@${node.address}:${node.amqpPort}`;

/**
 * Starts the load process in a session of its own (it outlives the CLI), inside the client node's
 * namespace on a namespaced lab, and returns its identity at once so the caller records it first.
 */
export function spawnLoad(plan: LoadPlan): ProcessIdentity {
  const logFd = openSync(plan.logFile, 'w');
  try {
    const argv = inNodeNetns(plan.clientNode, [
      process.execPath,
      '--require',
      require.resolve('tsx/cjs'),
      path.join(__dirname, 'load-main.ts'),
      amqpUrl(plan.clientNode),
      amqpUrl(plan.homeNode),
      plan.queue,
      String(plan.ratePerSecond),
    ]);
    const [program = process.execPath, ...args] = argv;
    const child = spawn(program, args, { stdio: ['ignore', logFd, logFd], detached: true });
    child.unref();
    const identity = child.pid === undefined ? null : identify(child.pid);
    if (identity === null) throw new LabError('command-failed', `the load process did not start: ${fileTail(plan.logFile, 5)}`);
    return identity;
  } finally {
    closeSync(logFd);
  }
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Resolves once the load process says it runs; throws with its log when it dies or takes too long. */
export async function awaitLoadReady(plan: LoadPlan, identity: ProcessIdentity, onWaiting: (elapsedMs: number) => void): Promise<void> {
  const started = Date.now();
  let lastNote = started;
  for (;;) {
    if (readFileSync(plan.logFile, 'utf8').includes(LOAD_READY_LINE)) return;
    if (processState(identity) === 'gone') throw new LabError('command-failed', `the load process (pid ${identity.pid}) stopped: ${fileTail(plan.logFile, 5)}`);
    if (Date.now() - started > READY_DEADLINE_MS) throw new LabError('command-failed', `the load process (pid ${identity.pid}) did not connect within ${READY_DEADLINE_MS / 1000} s: ${fileTail(plan.logFile, 5)}`);
    if (Date.now() - lastNote >= 3_000) {
      lastNote = Date.now();
      onWaiting(lastNote - started);
    }
    await sleep(100);
  }
}
