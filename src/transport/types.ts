import type { Duplex } from 'node:stream';
import type { Result } from '../result';
/**
 * Everything that can happen when the bot runs one allowlisted command on a node. Expected failures
 * are values, not exceptions: a dead node is the normal case during an incident.
 */
export type CommandOutcome =
  | { readonly kind: 'ok'; readonly stdout: string; readonly stderr: string; readonly durationMs: number; readonly truncated: boolean }
  | { readonly kind: 'command-failed'; readonly exitCode: number | null; readonly signal: string | null; readonly stdout: string; readonly stderr: string; readonly durationMs: number; readonly truncated: boolean }
  | { readonly kind: 'timeout'; readonly phase: 'command'; readonly afterMs: number; readonly stdout: string }
  | { readonly kind: 'unreachable'; readonly reason: 'connect-timeout' | 'refused' | 'no-route' | 'dns' | 'closed' | 'other'; readonly detail: string }
  | { readonly kind: 'auth-failed'; readonly detail: string }
  | { readonly kind: 'host-key-mismatch'; readonly detail: string };

export type OutcomeKind = CommandOutcome['kind'];

/** A command as an argv array. Only `remote-command.ts` turns it into a shell string. */
export type Argv = readonly string[];

/** Why no channel to a port on the node's loopback opened: the SSH connection failed, or the node refused the forward (nothing listens there). */
export type ChannelFailure =
  | Extract<CommandOutcome, { kind: 'unreachable' | 'auth-failed' | 'host-key-mismatch' }>
  | { readonly kind: 'channel-refused'; readonly detail: string };

export interface NodeTransport {
  /** Runs argv on the node within the configured deadlines. Never throws for expected failures. */
  run(argv: Argv, options?: { readonly deadlineMs?: number; readonly signal?: AbortSignal }): Promise<CommandOutcome>;
  /**
   * A TCP stream to `127.0.0.1:port` as seen from the node, carried by the node's SSH connection
   * (a direct-tcpip channel, like `ssh -L` without a local port): reaches services that listen on
   * the node's loopback only, and exposes nothing new. The caller closes the stream. Optional so
   * command-only transports (test fakes) need not implement it.
   */
  openLoopbackChannel?(port: number): Promise<Result<Duplex, ChannelFailure>>;
  close(): Promise<void>;
}
