import type { SshConfig } from '../config/schema';
import { describeHostKeyRefusal, type HostKeyVerdict } from './host-key-policy';
import type { CommandOutcome } from './types';

/** The outcomes a failed connection attempt can produce. */
export type ConnectFailure = Extract<CommandOutcome, { kind: 'unreachable' | 'auth-failed' | 'host-key-mismatch' }>;

type UnreachableReason = Extract<CommandOutcome, { kind: 'unreachable' }>['reason'];

export interface ConnectErrorContext {
  readonly nodeName: string;
  readonly ssh: SshConfig;
  readonly connectMs: number;
  /** The verdict our hostVerifier returned when it refused the key, if it did. */
  readonly hostKeyRefusal: HostKeyVerdict | null;
}

const socketCodeReasons: Readonly<Record<string, UnreachableReason>> = {
  ECONNREFUSED: 'refused',
  EHOSTUNREACH: 'no-route',
  ENETUNREACH: 'no-route',
  EHOSTDOWN: 'no-route',
  ENOTFOUND: 'dns',
  EAI_AGAIN: 'dns',
  EAI_NONAME: 'dns',
  ETIMEDOUT: 'connect-timeout',
  ECONNRESET: 'closed',
  EPIPE: 'closed',
};

/** Duck-typed: socket errors come from Node core and may belong to another realm (jest's VM context), where `instanceof Error` is false. */
function errorFields(error: unknown): { message: string; level: string | undefined; code: string | undefined } {
  if (typeof error !== 'object' || error === null) return { message: String(error), level: undefined, code: undefined };
  const fields = error as { message?: unknown; level?: unknown; code?: unknown };
  return {
    message: typeof fields.message === 'string' ? fields.message : String(error),
    level: typeof fields.level === 'string' ? fields.level : undefined,
    code: typeof fields.code === 'string' ? fields.code : undefined,
  };
}

/**
 * Maps what ssh2 reports (an `Error` with `level` and, for sockets, `code`) to a typed outcome
 * whose detail names the node and says what to check. ssh2 messages carry no key material.
 */
export function classifyConnectError(error: unknown, context: ConnectErrorContext): ConnectFailure {
  const { nodeName, ssh } = context;
  const where = `${nodeName} (${ssh.host}:${ssh.port})`;
  if (context.hostKeyRefusal) return { kind: 'host-key-mismatch', detail: describeHostKeyRefusal(context.hostKeyRefusal, nodeName, ssh) };

  const { message, level, code } = errorFields(error);
  if (level === 'client-authentication') {
    return {
      kind: 'auth-failed',
      detail: `SSH login as ${ssh.user} on ${where} was refused: check ssh.user and ssh.privateKey, and that the key is in that user's authorized_keys (${message})`,
    };
  }
  if (level === 'handshake' && message.includes('host key')) {
    return { kind: 'host-key-mismatch', detail: `${where} offers none of the recorded host key types: refusing to connect (${message})` };
  }
  if (level === 'client-timeout') {
    return { kind: 'unreachable', reason: 'connect-timeout', detail: `no SSH handshake from ${where} within ${context.connectMs} ms (host down, firewalled, or sshd hung)` };
  }
  if (level === 'client-dns') return { kind: 'unreachable', reason: 'dns', detail: `cannot resolve ${ssh.host} for ${nodeName}: ${message}` };
  const reason = code !== undefined ? socketCodeReasons[code] : undefined;
  if (reason) return { kind: 'unreachable', reason, detail: `cannot reach ${where}: ${message}` };
  if (message === 'No response from server' || message.includes('Connection lost')) {
    return { kind: 'unreachable', reason: 'closed', detail: `${where} closed the connection during the SSH handshake (${message})` };
  }
  return { kind: 'unreachable', reason: 'other', detail: `SSH connection to ${where} failed: ${message}` };
}
