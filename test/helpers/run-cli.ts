import { spawn } from 'node:child_process';
import path from 'node:path';

const repo = path.resolve(__dirname, '../..');
const bin = path.join(repo, 'bin', 'rmq-bot.js');

export interface CliRun {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface CliRunOptions {
  readonly env?: Record<string, string>;
  readonly input?: string;
  /** V8 heap ceiling for the child: a read that grows without bound dies instead of passing slowly. */
  readonly maxHeapMb?: number;
  readonly limitMs?: number;
}

/** `node bin/rmq-bot.js ARGS` as a user runs it; killed, by its pid, if it outlives the limit. */
export function runCli(args: readonly string[], options: CliRunOptions = {}): Promise<CliRun> {
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, LOG_LEVEL: 'silent', ...options.env };
  const heap = options.maxHeapMb ? [`--max-old-space-size=${options.maxHeapMb}`] : [];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...heap, bin, ...args], { cwd: repo, env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`rmq-bot ${args.join(' ')} did not exit within ${options.limitMs ?? 30_000} ms\nstderr: ${stderr}`));
    }, options.limitMs ?? 30_000);
    child.on('error', (e) => (clearTimeout(timer), reject(e)));
    child.on('close', (code, signal) => (clearTimeout(timer), resolve({ code, signal, stdout, stderr })));
    child.stdin.end(options.input ?? '');
  });
}
