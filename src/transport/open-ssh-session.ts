import { NodeSSH } from 'node-ssh';
import { utils, type Client } from 'ssh2';
import type { NodeConfig } from '../config/schema';
import { err, ok, type Result } from '../result';
import { describeSecretProblem, describeSecretSource, loadSecret, type SecretSources } from '../secrets/load-secret';
import { classifyConnectError, type ConnectFailure } from './classify-ssh-error';
import { buildHostKeyPolicy, type HostKeyVerdict, type ReadKnownHosts } from './host-key-policy';

/**
 * One authenticated SSH connection to a node. node-ssh opens it; commands then run on its ssh2
 * Client directly, because node-ssh's exec helpers buffer all output without a bound and take a
 * shell string, while the transport streams with a cap and quotes argv itself.
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

interface Credentials {
  readonly privateKey?: string;
  readonly passphrase?: string;
  readonly agent?: string;
}

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
  if (credentials.privateKey !== undefined && ssh.privateKey !== undefined) {
    // Checked before connecting so a bad or encrypted key is named as such, not as a network failure.
    // The message names the problem ("Encrypted private key detected, but no passphrase given"), never the key.
    const parsed = utils.parseKey(credentials.privateKey, credentials.passphrase);
    if (parsed instanceof Error) return failure(`cannot use the private key from ${describeSecretSource(ssh.privateKey)}: ${parsed.message}`);
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
  const connection = new NodeSSH();
  try {
    await connection.connect({
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
  } catch (error) {
    connection.dispose();
    return err(classifyConnectError(error, { nodeName: node.name, ssh, connectMs: options.connectMs, hostKeyRefusal }));
  }
  const client = connection.connection;
  if (client === null) return err({ kind: 'unreachable', reason: 'closed', detail: `${node.name} closed the SSH connection right after login` });
  let closed = false;
  // node-ssh drops its own 'error' listener once connected; without one for the connection's whole
  // life, a keepalive timeout hours later would crash the process.
  client.on('error', (error) => options.onConnectionError(error));
  client.on('close', () => {
    closed = true;
    options.onClose();
  });
  return ok({ client, isClosed: () => closed });
}
