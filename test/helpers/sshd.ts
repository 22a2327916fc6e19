import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

/**
 * A private OpenSSH sshd on a free loopback port, in its own temp dir, for transport tests. It
 * accepts root logins with the generated client key only. Stop it with `stop()`, which ends
 * exactly the process it started.
 */
export interface KeyPair {
  readonly privateKeyFile: string;
  readonly privateKeyPem: string;
  /** `TYPE BASE64`, as in a known_hosts line or `hostKey` config. */
  readonly publicKey: string;
}

export interface TestSshd {
  readonly port: number;
  readonly dir: string;
  readonly hostKey: KeyPair;
  readonly clientKey: KeyPair;
  /** How many logins sshd accepted so far, from its own log. */
  acceptedLogins(): number;
  log(): string;
  stop(): Promise<void>;
}

export function generateKeyPair(dir: string, name: string, passphrase = ''): KeyPair {
  const privateKeyFile = path.join(dir, name);
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', passphrase, '-C', name, '-f', privateKeyFile]);
  const [type, base64] = readFileSync(`${privateKeyFile}.pub`, 'utf8').trim().split(' ');
  return { privateKeyFile, privateKeyPem: readFileSync(privateKeyFile, 'utf8'), publicKey: `${type} ${base64}` };
}

export async function freeLoopbackPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function waitForListening(port: number, child: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`sshd exited with ${child.exitCode}: ${log()}`);
    const listening = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1', () => {
        socket.destroy();
        resolve(true);
      });
      socket.on('error', () => resolve(false));
    });
    if (listening) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`sshd did not listen on ${port} within 5 s: ${log()}`);
}

export async function startSshd(): Promise<TestSshd> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'rmq-bot-sshd-'));
  // sshd's privilege separation needs this directory to exist.
  mkdirSync('/run/sshd', { recursive: true });
  const hostKey = generateKeyPair(dir, 'host_ed25519_key');
  const clientKey = generateKeyPair(dir, 'client_key');
  writeFileSync(path.join(dir, 'authorized_keys'), `${clientKey.publicKey}\n`);
  const port = await freeLoopbackPort();
  const configFile = path.join(dir, 'sshd_config');
  writeFileSync(
    configFile,
    [
      `Port ${port}`,
      'ListenAddress 127.0.0.1',
      `HostKey ${hostKey.privateKeyFile}`,
      `PidFile ${path.join(dir, 'sshd.pid')}`,
      `AuthorizedKeysFile ${path.join(dir, 'authorized_keys')}`,
      // Keys live under /tmp, which StrictModes would refuse.
      'StrictModes no',
      'PasswordAuthentication no',
      'KbdInteractiveAuthentication no',
      'UsePAM no',
      'PermitRootLogin prohibit-password',
      'UseDNS no',
      'LogLevel INFO',
      '',
    ].join('\n'),
  );

  const child = spawn('/usr/sbin/sshd', ['-D', '-e', '-f', configFile], { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  child.stderr?.setEncoding('utf8').on('data', (text: string) => {
    log += text;
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    await waitForListening(port, child, () => log);
  } catch (e) {
    child.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }

  return {
    port,
    dir,
    hostKey,
    clientKey,
    acceptedLogins: () => log.match(/Accepted publickey/g)?.length ?? 0,
    log: () => log,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
