import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

const worker = path.join(__dirname, 'claim-worker.ts');
const tsx = path.join(__dirname, '..', '..', 'node_modules', '.bin', 'tsx');

interface Worker {
  readonly child: ChildProcess;
  readonly lines: string[];
  readonly stderr: string[];
}

function startWorker(argv: readonly string[]): Worker {
  const child = spawn(tsx, [worker, ...argv], { stdio: ['pipe', 'pipe', 'pipe'] });
  const lines: string[] = [];
  const stderr: string[] = [];
  let partial = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    partial += chunk.toString();
    const parts = partial.split('\n');
    partial = parts.pop() ?? '';
    lines.push(...parts);
  });
  child.stderr?.on('data', (chunk: Buffer) => stderr.push(chunk.toString()));
  return { child, lines, stderr };
}

async function waitForLines(w: Worker, count: number): Promise<void> {
  while (w.lines.length < count) {
    if (w.child.exitCode !== null) throw new Error(`claim worker exited with ${w.child.exitCode}: ${w.stderr.join('')}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/**
 * Two processes press one button `perProcess` times each, released together; resolves with every
 * outcome. Both are ready (store open, migrated) before either presses.
 */
export async function raceTwoProcesses(backend: 'sqlite' | 'postgres', target: string, key: string, perProcess: number): Promise<string[]> {
  const workers = ['replica-a', 'replica-b'].map((holder) => startWorker([backend, target, key, String(perProcess), holder]));
  try {
    await Promise.all(workers.map((w) => waitForLines(w, 1)));
    for (const w of workers) w.child.stdin?.write('go\n');
    await Promise.all(workers.map((w) => waitForLines(w, 2)));
    return workers.flatMap((w) => JSON.parse(w.lines[1] as string) as string[]);
  } finally {
    for (const w of workers) if (w.child.exitCode === null) w.child.kill();
  }
}
