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
  /** Nothing was sent: the connection could not be made, or the session was refused before exec. */
  | { readonly kind: 'unreachable'; readonly reason: 'connect-timeout' | 'refused' | 'no-route' | 'dns' | 'closed' | 'other'; readonly detail: string }
  /** The command was sent and the connection died before its exit status came back: it may have run. */
  | { readonly kind: 'connection-lost'; readonly afterMs: number; readonly detail: string }
  | { readonly kind: 'auth-failed'; readonly detail: string }
  | { readonly kind: 'host-key-mismatch'; readonly detail: string };

export type OutcomeKind = CommandOutcome['kind'];

/** A command as an argv array. Only `remote-command.ts` turns it into a shell string. */
export type Argv = readonly string[];

/**
 * Why no channel to a port on the node's loopback opened: the SSH connection failed, the node
 * refused the forward (nothing listens there), or the forward was not accepted in time (a listener
 * whose process is hung keeps sshd's connect waiting for minutes).
 */
export type ChannelFailure =
  | Extract<CommandOutcome, { kind: 'unreachable' | 'auth-failed' | 'host-key-mismatch' }>
  | { readonly kind: 'channel-refused'; readonly detail: string }
  | { readonly kind: 'channel-timeout'; readonly detail: string };

/** Bounds on opening a loopback channel: the caller's signal, and how long the forward itself may take once connected. */
export interface ChannelOpenLimits {
  readonly signal?: AbortSignal;
  readonly openWithinMs?: number;
}

export type CommandAccess = 'read' | 'mutate';

declare const minted: unique symbol;

/**
 * A remote command tagged with what it may do to the node. The brand keeps a plain argv or object
 * literal out: read commands are minted only by the read allowlists (`rabbit/rabbitmqctl-command.ts`,
 * `vitals/vitals-command.ts`), mutating ones only by the mutation catalog (`mutations/`). `access`
 * is checked again at run time.
 */
export interface RemoteCommand<A extends CommandAccess> {
  readonly access: A;
  /** The allowlist case, e.g. `status`, `tail`, `stop_app`: for records and refusals. */
  readonly name: string;
  readonly argv: Argv;
  /**
   * Which of the host's SSH queues the command waits in. Unset: the host's main queue, where each
   * `rabbitmqctl` call boots an Erlang VM (~0.4 s of CPU) and `perHostConcurrency` protects a struggling
   * node from a pile of them. `host-read`: a few reads of the host's own /proc, no VM, so it never
   * waits behind the broker's calls (status would otherwise pay its vitals line after them).
   */
  readonly queue?: 'host-read';
  readonly [minted]: A;
}

export type ReadCommand = RemoteCommand<'read'>;
export type MutatingCommand = RemoteCommand<'mutate'>;

export interface ReadOptions {
  /** Defaults to the configured `deadlines.commandMs`. */
  readonly deadlineMs?: number;
  readonly signal?: AbortSignal;
}

/** What read paths (status, diagnose, logs, vitals, management) get for a node: it runs read commands and nothing else. */
export interface NodeReader {
  read(command: ReadCommand, options?: ReadOptions): Promise<CommandOutcome>;
  /**
   * A TCP stream to `127.0.0.1:port` as seen from the node, carried by the node's SSH connection
   * (a direct-tcpip channel, like `ssh -L` without a local port): reaches services that listen on
   * the node's loopback only, and exposes nothing new. Only read paths get it: its one user, the
   * management client, sends nothing but GETs. The caller closes the stream.
   */
  openLoopbackChannel(port: number, limits?: ChannelOpenLimits): Promise<Result<Duplex, ChannelFailure>>;
}

export type ReaderFor = (cluster: string, node: string) => NodeReader;

/**
 * What the mutation executor gets for a node, and nothing else does: it sends mutating commands
 * under `deadlines.mutationMs`, never the read deadline.
 */
export interface NodeMutator {
  send(command: MutatingCommand): Promise<CommandOutcome>;
}

export type MutatorFor = (cluster: string, node: string) => NodeMutator;
