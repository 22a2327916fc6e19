import { spawn } from 'node:child_process';

export interface CommandResult {
  readonly exitCode: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly timedOut: boolean;
  /** The program could not be started at all (ENOENT, EACCES). */
  readonly spawnError: string | null;
  readonly durationMs: number;
}

export interface RunOptions {
  readonly env?: Readonly<Record<string, string>>;
  readonly cwd?: string;
  readonly timeoutMs: number;
  /** Aborting kills the command like a timeout does (used when the thing being waited for died). */
  readonly signal?: AbortSignal;
}

export const succeeded = (r: CommandResult): boolean => r.exitCode === 0 && !r.timedOut && r.spawnError === null;

/** One line describing a failed command, for error messages. */
export function describeFailure(argv: readonly string[], r: CommandResult): string {
  const what = r.spawnError ?? (r.timedOut ? `no answer within ${r.durationMs} ms` : `exit ${r.exitCode ?? r.signal}`);
  const output = (r.stderr.trim() || r.stdout.trim()).split('\n').slice(-6).join('\n    ');
  return `${argv.join(' ')}: ${what}${output ? `\n    ${output}` : ''}`;
}

/**
 * Runs argv (never a shell string) in its own process group, so a timeout kills the whole group:
 * rabbitmqctl is a shell script that execs erl, and a half-killed CLI would linger.
 */
export function runCommand(argv: readonly string[], options: RunOptions): Promise<CommandResult> {
  const [program, ...args] = argv;
  if (program === undefined) throw new Error('runCommand needs a program');
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(program, args, {
      cwd: options.cwd,
      env: { ...process.env, ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const killGroup = () => {
      if (child.pid === undefined) return;
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // The group already exited between the deadline and the kill.
      }
    };
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup();
    }, options.timeoutMs);
    options.signal?.addEventListener('abort', killGroup, { once: true });
    const finish = (exitCode: number | null, signal: NodeJS.Signals | null, spawnError: string | null) => {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', killGroup);
      resolve({ exitCode, signal, stdout, stderr, timedOut, spawnError, durationMs: Date.now() - started });
    };
    child.on('error', (e) => finish(null, null, `cannot run ${program}: ${e.message}`));
    child.on('close', (code, signal) => finish(code, signal, null));
  });
}
