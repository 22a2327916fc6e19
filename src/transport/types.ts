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

export interface NodeTransport {
  /** Runs argv on the node within the configured deadlines. Never throws for expected failures. */
  run(argv: Argv, options?: { readonly deadlineMs?: number; readonly signal?: AbortSignal }): Promise<CommandOutcome>;
  close(): Promise<void>;
}
