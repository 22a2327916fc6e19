import type { ClientChannel } from 'ssh2';
import type { SshSession } from './open-ssh-session';
import type { CommandOutcome } from './types';

export interface ExecLimits {
  readonly deadlineMs: number;
  /** Each of stdout and stderr keeps at most this many bytes; the rest is read and discarded. */
  readonly maxOutputBytes: number;
  /** Aborting ends the command like the deadline does. */
  readonly signal?: AbortSignal | undefined;
}

/** Keeps the first `limit` bytes of a stream and remembers whether more arrived. */
class BoundedBuffer {
  private readonly chunks: Buffer[] = [];
  private size = 0;
  truncated = false;

  constructor(private readonly limit: number) {}

  push(chunk: Buffer): void {
    const room = this.limit - this.size;
    if (chunk.length > room) this.truncated = true;
    if (room <= 0) return;
    const kept = chunk.length > room ? chunk.subarray(0, room) : chunk;
    this.chunks.push(kept);
    this.size += kept.length;
  }

  text(): string {
    return Buffer.concat(this.chunks).toString('utf8');
  }
}

/**
 * Runs one command on an open session and settles exactly once. At the deadline `timeout` is
 * returned at once, without waiting for the node: a hung node must not hold the reply. The channel
 * is sent SIGKILL and closed; sshd honours the signal only for non-root sessions (OpenSSH 8.1+),
 * so the remote `timeout` wrapper from `nodeCommandArgv` is what ends the command otherwise.
 */
export function execWithDeadline(session: SshSession, command: string, limits: ExecLimits, where: string): Promise<CommandOutcome> {
  const startedAt = performance.now();
  const elapsed = () => Math.round(performance.now() - startedAt);
  const stdout = new BoundedBuffer(limits.maxOutputBytes);
  const stderr = new BoundedBuffer(limits.maxOutputBytes);

  return new Promise((resolve) => {
    let channel: ClientChannel | null = null;
    let settled = false;
    let exitCode: number | null = null;
    let exitSignal: string | null = null;
    let exited = false;

    const stopChannel = () => {
      if (!channel) return;
      channel.signal('KILL');
      channel.close();
    };
    const settle = (outcome: CommandOutcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      limits.signal?.removeEventListener('abort', onAbort);
      resolve(outcome);
    };
    const giveUp = (afterMs: number) => {
      settle({ kind: 'timeout', phase: 'command', afterMs, stdout: stdout.text() });
      stopChannel();
    };
    const onAbort = () => giveUp(elapsed());
    // At the deadline, report the deadline itself: a timer that fires late on a loaded machine must
    // not turn "no answer within 4.0 s" into 4.1 s.
    const timer = setTimeout(() => giveUp(limits.deadlineMs), limits.deadlineMs);
    limits.signal?.addEventListener('abort', onAbort, { once: true });
    if (limits.signal?.aborted) return giveUp(elapsed());

    // Before the channel opened nothing ran on the node; after, the command may have run.
    const lostBeforeExec = (detail: string) => settle({ kind: 'unreachable', reason: 'closed', detail: `connection to ${where} was lost before the command was sent (${detail})` });
    const lostDuringExec = (detail: string) =>
      settle({ kind: 'connection-lost', afterMs: elapsed(), detail: `connection to ${where} was lost while running the command (${detail})` });

    try {
      session.client.exec(command, (error, opened) => {
        if (error) {
          if (session.isClosed()) return lostBeforeExec(error.message);
          // sshd refuses extra sessions beyond its MaxSessions (10 by default).
          return settle({ kind: 'unreachable', reason: 'other', detail: `${where} refused a new SSH session: ${error.message} (is perHostConcurrency above sshd's MaxSessions?)` });
        }
        channel = opened;
        if (settled) return stopChannel();
        opened.on('data', (chunk: Buffer) => stdout.push(chunk));
        opened.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
        opened.on('exit', (code: number | null, signal?: string) => {
          exited = true;
          exitCode = typeof code === 'number' ? code : null;
          exitSignal = signal ?? null;
        });
        opened.on('close', () => {
          if (!exited && session.isClosed()) return lostDuringExec('channel closed without an exit status');
          const truncated = stdout.truncated || stderr.truncated;
          const common = { stdout: stdout.text(), stderr: stderr.text(), durationMs: elapsed(), truncated };
          if (exitCode === 0) return settle({ kind: 'ok', ...common });
          settle({ kind: 'command-failed', exitCode, signal: exitSignal, ...common });
        });
        // stdin is deliberately left open: ssh2 sends a signal request only on a channel whose
        // writable side is still open, so ending stdin here would make the SIGKILL at the deadline
        // a silent no-op. Allowlisted commands never read stdin.
      });
    } catch (e) {
      // ssh2 throws synchronously when the connection is already gone.
      lostBeforeExec(e instanceof Error ? e.message : String(e));
    }
  });
}
