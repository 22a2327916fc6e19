import { readFileSync } from 'node:fs';
import type { Duplex } from 'node:stream';
import Bottleneck from 'bottleneck';
import type { BotConfig, NodeConfig } from '../config/schema';
import { processSecretSources, type SecretSources } from '../secrets/load-secret';
import { err, ok, type Result } from '../result';
import type { ConnectFailure } from './classify-ssh-error';
import { execWithDeadline } from './exec-with-deadline';
import type { ReadKnownHosts } from './host-key-policy';
import { nodeCommandArgv } from './node-command';
import { openSshSession, type SshSession } from './open-ssh-session';
import { toRemoteCommand, UnsafeArgvError } from './remote-command';
import type { Argv, ChannelFailure, ChannelOpenLimits, CommandAccess, CommandOutcome, MutatingCommand, NodeMutator, NodeReader, ReadCommand, ReadOptions, RemoteCommand } from './types';

export interface NodeIdentity {
  readonly cluster: string;
  readonly node: string;
}

export interface SshTransportOptions {
  readonly secrets?: SecretSources;
  readonly readKnownHosts?: ReadKnownHosts;
  /** SSH keepalives detect a frozen link on an idle connection: interval × countMax. */
  readonly keepaliveIntervalMs?: number;
  readonly keepaliveCountMax?: number;
  /** Every connection attempt (for logs and metrics). */
  readonly onConnect?: (node: NodeIdentity) => void;
  /** An established connection failed, e.g. keepalive timeout; the next command reconnects. */
  readonly onConnectionError?: (node: NodeIdentity, error: Error) => void;
}

export interface SshTransports {
  /** Read-only access to a configured node; throws `UnknownNodeError` for names not in the config. */
  readerFor(cluster: string, node: string): NodeReader;
  /** Mutating access to a configured node: for the mutation executor only. */
  mutatorFor(cluster: string, node: string): NodeMutator;
  /** Ends every connection. Runners handed out before stay closed; later calls give fresh ones. */
  closeAll(): Promise<void>;
}

/** A programming error: node names reach the transport only after being resolved against the config. */
export class UnknownNodeError extends Error {
  constructor(readonly cluster: string, readonly node: string) {
    super(`node ${node} is not configured in cluster ${cluster}`);
    this.name = 'UnknownNodeError';
  }
}

/** A command of the other kind reached a runner (a forged or mis-cast command): a bug, and nothing was sent. */
export class CommandAccessError extends Error {
  constructor(readonly expected: CommandAccess, readonly command: { readonly access: unknown; readonly name: unknown }) {
    super(`refusing to send ${String(command.name)}: a ${expected === 'read' ? 'read-only' : 'mutation'} runner accepts only ${expected} commands, got ${String(command.access)}`);
    this.name = 'CommandAccessError';
  }
}

/** Checked at run time too: a cast can defeat the type, not this. */
function requireAccess<A extends CommandAccess>(expected: A, command: RemoteCommand<A>): Argv {
  if (command.access !== expected) throw new CommandAccessError(expected, command);
  return command.argv;
}

const closeGraceMs = 1_000;

/** A host's SSH queues, one per `RemoteCommand.queue` (`main` for commands that name none). */
type HostLimiters = Readonly<Record<'main' | NonNullable<RemoteCommand<CommandAccess>['queue']>, Bottleneck>>;

interface TransportSettings {
  readonly config: BotConfig;
  readonly secrets: SecretSources;
  readonly readKnownHosts: ReadKnownHosts;
  readonly keepaliveIntervalMs: number;
  readonly keepaliveCountMax: number;
  readonly options: SshTransportOptions;
}

/**
 * One SSH connection per node, opened on first use and reused by every command; dropped
 * connections are forgotten and the next command reconnects. Commands queue behind a per-host
 * limiter, then an overall one, so a burst of `/rmq status` cannot open hundreds of channels.
 * Each command runs behind the node's prefix and a remote deadline (`nodeCommandArgv`).
 */
class NodeSshTransport {
  private session: Promise<Result<SshSession, ConnectFailure>> | null = null;
  private closed = false;

  constructor(
    private readonly identity: NodeIdentity,
    private readonly node: NodeConfig,
    private readonly settings: TransportSettings,
    private readonly hostLimiters: HostLimiters,
    private readonly overallLimiter: Bottleneck,
  ) {}

  readonly reader: NodeReader = {
    read: async (command: ReadCommand, options?: ReadOptions) =>
      this.run(requireAccess('read', command), options?.deadlineMs ?? this.settings.config.deadlines.commandMs, options?.signal, this.hostLimiters[command.queue ?? 'main']),
    openLoopbackChannel: async (port: number, limits?: ChannelOpenLimits) => this.openLoopbackChannel(port, limits),
  };

  readonly mutator: NodeMutator = {
    send: async (command: MutatingCommand) => this.run(requireAccess('mutate', command), this.settings.config.deadlines.mutationMs, undefined, this.hostLimiters.main),
  };

  private async run(argv: Argv, deadlineMs: number, signal: AbortSignal | undefined, hostLimiter: Bottleneck): Promise<CommandOutcome> {
    // Checked on its own first so a refusal points at the caller's word, not at the wrapped argv.
    const callerCommand = toRemoteCommand(argv);
    if (!callerCommand.ok) throw new UnsafeArgvError(callerCommand.error);
    const command = toRemoteCommand(nodeCommandArgv(this.node, argv, deadlineMs));
    if (!command.ok) throw new UnsafeArgvError(command.error);
    const limits = { deadlineMs, maxOutputBytes: this.settings.config.limits.maxOutputBytes, signal };
    if (limits.signal?.aborted) return { kind: 'timeout', phase: 'command', afterMs: 0, stdout: '' };
    const queuedAt = performance.now();
    let started = false;
    const scheduled = hostLimiter.schedule(() =>
      this.overallLimiter.schedule(() => {
        started = true;
        return this.runNow(command.value, limits);
      }),
    );
    if (!signal) return scheduled;
    // While queued, the caller stops waiting at once; once started, the command honours the signal.
    return new Promise((resolve) => {
      const onAbort = () => {
        if (!started) resolve({ kind: 'timeout', phase: 'command', afterMs: Math.round(performance.now() - queuedAt), stdout: '' });
      };
      signal.addEventListener('abort', onAbort, { once: true });
      void scheduled.then((outcome) => {
        signal.removeEventListener('abort', onAbort);
        resolve(outcome);
      });
    });
  }

  private async runNow(command: string, limits: { deadlineMs: number; maxOutputBytes: number; signal: AbortSignal | undefined }): Promise<CommandOutcome> {
    // Aborted while queued: the caller already has its answer, so do not connect.
    if (limits.signal?.aborted) return { kind: 'timeout', phase: 'command', afterMs: 0, stdout: '' };
    const session = await this.connected();
    if (!session.ok) return session.error;
    return execWithDeadline(session.value, command, limits, this.describe());
  }

  private async openLoopbackChannel(port: number, limits: ChannelOpenLimits = {}): Promise<Result<Duplex, ChannelFailure>> {
    const session = await this.connected();
    if (!session.ok) return session;
    const { signal, openWithinMs } = limits;
    const bound = AbortSignal.any([...(signal ? [signal] : []), ...(openWithinMs === undefined ? [] : [AbortSignal.timeout(openWithinMs)])]);
    const timedOut = (): Result<Duplex, ChannelFailure> =>
      err({ kind: 'channel-timeout', detail: `${this.describe()} did not open a channel to its 127.0.0.1:${port} in time (is the listener's process hung?)` });
    if (bound.aborted) return timedOut();
    return new Promise((resolve) => {
      let settled = false;
      const onAbort = () => {
        settled = true;
        resolve(timedOut());
      };
      bound.addEventListener('abort', onAbort, { once: true });
      try {
        session.value.client.forwardOut('127.0.0.1', 0, '127.0.0.1', port, (error, channel) => {
          bound.removeEventListener('abort', onAbort);
          // A channel that opens after the caller gave up is closed at once: nobody reads it.
          if (settled) return void channel?.destroy();
          settled = true;
          resolve(error ? err({ kind: 'channel-refused', detail: `${this.describe()} opened no channel to its 127.0.0.1:${port}: ${error.message}` }) : ok(channel));
        });
      } catch (e) {
        bound.removeEventListener('abort', onAbort);
        settled = true;
        // ssh2 throws synchronously when the connection is already gone.
        resolve(err({ kind: 'unreachable', reason: 'closed', detail: `connection to ${this.describe()} was lost (${e instanceof Error ? e.message : String(e)})` }));
      }
    });
  }

  private describe(): string {
    return `${this.node.name} (${this.node.ssh.host}:${this.node.ssh.port})`;
  }

  /** Concurrent callers share one connection attempt; a failed attempt is not cached. */
  private async connected(): Promise<Result<SshSession, ConnectFailure>> {
    const shutDown = err<ConnectFailure>({ kind: 'unreachable', reason: 'closed', detail: `the transport to ${this.describe()} is shut down` });
    if (this.closed) return shutDown;
    const pending = this.session ?? this.connect();
    this.session = pending;
    const result = await pending;
    if (!result.ok && this.session === pending) this.session = null;
    if (result.ok && this.closed) {
      result.value.client.end();
      return shutDown;
    }
    return result;
  }

  private connect(): Promise<Result<SshSession, ConnectFailure>> {
    const { settings, identity } = this;
    settings.options.onConnect?.(identity);
    const attempt = openSshSession(this.node, {
      connectMs: settings.config.deadlines.connectMs,
      keepaliveIntervalMs: settings.keepaliveIntervalMs,
      keepaliveCountMax: settings.keepaliveCountMax,
      secrets: settings.secrets,
      readKnownHosts: settings.readKnownHosts,
      onConnectionError: (error) => settings.options.onConnectionError?.(identity, error),
      onClose: () => {
        if (this.session === attempt) this.session = null;
      },
    });
    return attempt;
  }

  async close(): Promise<void> {
    this.closed = true;
    const pending = this.session;
    this.session = null;
    const result = await pending;
    if (!result?.ok || result.value.isClosed()) return;
    const { client } = result.value;
    await new Promise<void>((resolve) => {
      const giveUp = setTimeout(() => {
        client.destroy();
        resolve();
      }, closeGraceMs);
      client.once('close', () => {
        clearTimeout(giveUp);
        resolve();
      });
      client.end();
    });
  }
}

export function createSshTransports(config: BotConfig, options: SshTransportOptions = {}): SshTransports {
  const settings: TransportSettings = {
    config,
    secrets: options.secrets ?? processSecretSources,
    readKnownHosts: options.readKnownHosts ?? ((file) => readFileSync(file, 'utf8')),
    keepaliveIntervalMs: options.keepaliveIntervalMs ?? 5_000,
    keepaliveCountMax: options.keepaliveCountMax ?? 3,
    options,
  };
  const overallLimiter = new Bottleneck({ maxConcurrent: config.limits.overallConcurrency });
  const hostLimiters = new Map<string, HostLimiters>();
  const transports = new Map<string, NodeSshTransport>();

  const hostLimitersFor = (node: NodeConfig): HostLimiters => {
    // Keyed by address, not node name: two nodes on one host share its sshd and its CPU.
    const key = `${node.ssh.host}:${node.ssh.port}`;
    const existing = hostLimiters.get(key);
    if (existing) return existing;
    const limiters: HostLimiters = {
      main: new Bottleneck({ maxConcurrent: config.limits.perHostConcurrency }),
      'host-read': new Bottleneck({ maxConcurrent: config.limits.perHostConcurrency }),
    };
    hostLimiters.set(key, limiters);
    return limiters;
  };

  const transportFor = (cluster: string, nodeName: string): NodeSshTransport => {
    const key = `${cluster}\u0000${nodeName}`;
    const existing = transports.get(key);
    if (existing) return existing;
    const node = config.clusters.find((c) => c.name === cluster)?.nodes.find((n) => n.name === nodeName);
    if (!node) throw new UnknownNodeError(cluster, nodeName);
    const transport = new NodeSshTransport({ cluster, node: nodeName }, node, settings, hostLimitersFor(node), overallLimiter);
    transports.set(key, transport);
    return transport;
  };

  return {
    readerFor: (cluster, nodeName) => transportFor(cluster, nodeName).reader,
    mutatorFor: (cluster, nodeName) => transportFor(cluster, nodeName).mutator,
    async closeAll() {
      await Promise.all([...transports.values()].map((t) => t.close()));
      transports.clear();
    },
  };
}
