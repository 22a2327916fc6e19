import { readFileSync, rmSync } from 'node:fs';
import { LabError } from './lab-errors';
import { describeFailure, runCommand, succeeded } from './run-command';

/** A new ed25519 key pair without passphrase at FILE and FILE.pub. */
export async function generateKeyPair(file: string, comment: string): Promise<void> {
  // ssh-keygen asks before overwriting; a fresh lab never wants an old key.
  rmSync(file, { force: true });
  rmSync(`${file}.pub`, { force: true });
  const argv = ['ssh-keygen', '-q', '-t', 'ed25519', '-N', '', '-C', comment, '-f', file];
  const result = await runCommand(argv, { timeoutMs: 15_000 });
  if (!succeeded(result)) throw new LabError('sshd-failed', `could not generate an SSH key: ${describeFailure(argv, result)}`);
}

/** `TYPE BASE64` from a .pub file: the form the bot config pins as `hostKey`. */
export function parsePublicKey(text: string): string | null {
  const [type, key] = text.trim().split(/\s+/);
  return type !== undefined && key !== undefined && /^(ssh|ecdsa)-[a-z0-9-]+$/.test(type) ? `${type} ${key}` : null;
}

export function readPublicKey(file: string): string {
  const key = parsePublicKey(readFileSync(file, 'utf8'));
  if (key === null) throw new LabError('sshd-failed', `${file} does not hold an OpenSSH public key`);
  return key;
}
