import { Client, type ConnectConfig } from 'ssh2';
import type { NodeConfig } from '../config/schema';
import { err, ok, type Result } from '../result';
import { describeSecretProblem, describeSecretSource, loadSecret, type SecretSources } from '../secrets/load-secret';
import { classifyConnectError, type ConnectFailure } from './classify-ssh-error';
import { buildHostKeyPolicy, type HostKeyVerdict, type ReadKnownHosts } from './host-key-policy';

/**
 * One authenticated SSH connection to a node. ssh2's Client is used directly rather than through
 * node-ssh: node-ssh buffers all output without a bound and drops its 'error' listener after
 * connecting, and the transport needs neither its SFTP helpers nor its shell-string `exec`.
 */
export interface SshSession {
  readonly client: Client;
  /** True once the connection is gone; channels still open are closed by ssh2 right after. */
  isClosed(): boolean;
}

export interface SessionOptions {
  readonly connectMs: number;
  readonly keepaliveIntervalMs: number;
  readonly keepaliveCountMax: number;
  readonly secrets: SecretSources;
  readonly readKnownHosts: ReadKnownHosts;
  /** Called when an established connection fails (keepalive timeout, reset): for logging only. */
  readonly onConnectionError: (error: Error) => void;
  /** Called once when the connection closes, established or not. */
  readonly onClose: () => void;
}

type Credentials = Pick<ConnectConfig, 'privateKey' | 'passphrase' | 'agent'>;

function loadCredentials(node: NodeConfig, secrets: SecretSources): Result<Credentials, ConnectFailure> {
  const { ssh } = node;
  const failure = (what: string): Result<never, ConnectFailure> => err({ kind: 'auth-failed', detail: `cannot log in to ${node.name}: ${what}` });
  const credentials: { privateKey?: string; passphrase?: string; agent?: string } = {};
  if (ssh.privateKey !== undefined) {
    const key = loadSecret(ssh.privateKey, secrets);
    if (!key.ok) return failure(`private key unavailable: ${describeSecretProblem(key.error)}`);
    credentials.privateKey = key.value;
  }
  if (ssh.passphrase !== undefined) {
    const passphrase = loadSecret(ssh.passphrase, secrets);
    if (!passphrase.ok) return failure(`key passphrase unavailable: ${describeSecretProblem(passphrase.error)}`);
    // Files written with `echo` end with a newline that is not part of the passphrase.
    credentials.passphrase = passphrase.value.replace(/\r?\n$/, '');
  }
  if (ssh.agent) {
    const socket = secrets.env['SSH_AUTH_SOCK'];
    if (socket === undefined || socket === '') return failure('agent: true but SSH_AUTH_SOCK is not set');
    credentials.agent = socket;
  }
  return ok(credentials);
}

export async function openSshSession(node: NodeConfig, options: SessionOptions): Promise<Result<SshSession, ConnectFailure>> {
  const credentials = loadCredentials(node, options.secrets);
  if (!credentials.ok) return credentials;

  const { ssh } = node;
  const policy = buildHostKeyPolicy(ssh, options.readKnownHosts);
  let hostKeyRefusal: HostKeyVerdict | null = null;
  let settled = false;
  let established = false;
  let closed = false;
  const client = new Client();
  const session: SshSession = { client, isClosed: () => closed };

  return new Promise((resolve) => {
    const fail = (error: unknown) => {
      if (settled) return;
      settled = true;
      client.end();
      resolve(err(classifyConnectError(error, { nodeName: node.name, ssh, connectMs: options.connectMs, hostKeyRefusal })));
    };
    // Attached for the connection's whole life: an 'error' without a listener (a keepalive timeout
    // hours later) would crash the process.
    client.on('error', (error) => {
      if (established) options.onConnectionError(error);
      else fail(error);
    });
    client.on('close', () => {
      closed = true;
      fail(new Error('No response from server'));
      options.onClose();
    });
    client.on('ready', () => {
      settled = true;
      established = true;
      resolve(ok(session));
    });

    try {
      client.connect({
        host: ssh.host,
        port: ssh.port,
        username: ssh.user,
        ...credentials.value,
        readyTimeout: options.connectMs,
        keepaliveInterval: options.keepaliveIntervalMs,
        keepaliveCountMax: options.keepaliveCountMax,
        ...(policy.acceptedAlgorithms ? { algorithms: { serverHostKey: policy.acceptedAlgorithms } } : {}),
        hostVerifier: (presentedBlob: Buffer) => {
          const verdict = policy.verify(presentedBlob);
          const accepted = verdict.kind === 'trusted' || verdict.kind === 'accepted-unknown';
          if (!accepted) hostKeyRefusal = verdict;
          return accepted;
        },
      });
    } catch (e) {
      // Thrown synchronously when the key cannot be parsed or decrypted; the message names the
      // problem ("Encrypted private key detected, but no passphrase given"), never the key.
      settled = true;
      closed = true;
      const reason = e instanceof Error ? e.message : String(e);
      const source = ssh.privateKey ? describeSecretSource(ssh.privateKey) : 'the SSH agent';
      resolve(err({ kind: 'auth-failed', detail: `cannot use the private key from ${source} for ${node.name}: ${reason}` }));
    }
  });
}
