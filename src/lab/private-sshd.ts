import { spawn } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileTail } from './file-tail';
import { LabError } from './lab-errors';
import type { SshdLayout } from './lab-layout';
import { identify, processState, type ProcessIdentity } from './process-identity';
import { readSshBanner } from './ssh-banner';
import { generateKeyPair } from './ssh-keys';

export const SSHD = '/usr/sbin/sshd';
/** sshd refuses to start without its privilege-separation directory; on a machine without systemd nobody made it. */
const PRIVSEP_DIR = '/run/sshd';

/**
 * A private sshd on loopback only, with its own host key. StrictModes is off because the lab dir
 * may sit under /tmp, whose ownership and modes sshd would otherwise reject ("bad ownership or modes").
 */
export function renderSshdConfig(sshd: SshdLayout): string {
  return [
    `Port ${sshd.port}`,
    'ListenAddress 127.0.0.1',
    `HostKey ${sshd.hostKeyFile}`,
    `PidFile ${sshd.pidFile}`,
    `AuthorizedKeysFile ${sshd.authorizedKeysFile}`,
    'PasswordAuthentication no',
    'KbdInteractiveAuthentication no',
    'UsePAM no',
    'PermitRootLogin prohibit-password',
    'StrictModes no',
    'LogLevel INFO',
    '',
  ].join('\n');
}

export async function prepareSshd(sshd: SshdLayout): Promise<void> {
  mkdirSync(sshd.dir, { recursive: true, mode: 0o700 });
  mkdirSync(PRIVSEP_DIR, { recursive: true });
  await Promise.all([generateKeyPair(sshd.hostKeyFile, 'rmq-lab-host'), generateKeyPair(sshd.clientKeyFile, 'rmq-lab-client')]);
  writeFileSync(sshd.authorizedKeysFile, readFileSync(`${sshd.clientKeyFile}.pub`));
  chmodSync(sshd.authorizedKeysFile, 0o600);
  writeFileSync(sshd.configFile, renderSshdConfig(sshd));
}

/** `sshd -D` stays in the foreground, so the PID we spawn is the listener itself; detached puts it in its own session. */
export function spawnSshd(sshd: SshdLayout): ProcessIdentity {
  const child = spawn(SSHD, ['-D', '-f', sshd.configFile, '-E', sshd.logFile], { stdio: 'ignore', detached: true });
  child.unref();
  const identity = child.pid === undefined ? null : identify(child.pid);
  if (identity === null) throw new LabError('sshd-failed', `${SSHD} did not start; is openssh-server installed?\n${fileTail(sshd.logFile, 5)}`);
  return identity;
}

export async function awaitSshd(sshd: SshdLayout, identity: ProcessIdentity, deadlineMs: number): Promise<void> {
  const until = Date.now() + deadlineMs;
  while (Date.now() < until) {
    if (processState(identity) === 'gone') throw new LabError('sshd-failed', `sshd exited at start:\n${fileTail(sshd.logFile, 8)}`);
    if ((await readSshBanner(sshd.port, 1_000)) !== null) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new LabError('sshd-failed', `sshd did not answer on 127.0.0.1:${sshd.port} within ${deadlineMs} ms:\n${fileTail(sshd.logFile, 8)}`);
}
