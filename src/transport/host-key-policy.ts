import type { ServerHostKeyAlgorithm } from 'ssh2';
import type { SshConfig } from '../config/schema';
import { findKnownHostKeys, keyTypeOfBlob, knownHostsName, type KnownHostKey } from './known-hosts';

/**
 * Strict host-key checking. A node is trusted only when the key it presents is the pinned
 * `hostKey` or a non-revoked known_hosts entry for its name. A recorded key that differs is always
 * refused; a host with no record at all is accepted only with `allowUnknownHostKey` (labs).
 */
export type HostKeyVerdict =
  | { readonly kind: 'trusted' }
  | { readonly kind: 'accepted-unknown' }
  | { readonly kind: 'changed'; readonly presented: string }
  | { readonly kind: 'unknown'; readonly presented: string }
  | { readonly kind: 'revoked'; readonly presented: string }
  | { readonly kind: 'known-hosts-unreadable'; readonly file: string; readonly code: string };

export interface HostKeyPolicy {
  verify(presentedBlob: Buffer): HostKeyVerdict;
  /**
   * Offer the server only the key types we hold, so a host with several keys presents the recorded
   * one instead of its preferred type (which would look like a changed key). Undefined: any type.
   */
  readonly acceptedAlgorithms: ServerHostKeyAlgorithm[] | undefined;
}

const algorithmsForKeyType: Readonly<Record<string, readonly ServerHostKeyAlgorithm[]>> = {
  'ssh-ed25519': ['ssh-ed25519'],
  'ecdsa-sha2-nistp256': ['ecdsa-sha2-nistp256'],
  'ecdsa-sha2-nistp384': ['ecdsa-sha2-nistp384'],
  'ecdsa-sha2-nistp521': ['ecdsa-sha2-nistp521'],
  // An RSA key is the same blob whichever signature hash the server uses with it.
  'ssh-rsa': ['rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa'],
  'ssh-dss': ['ssh-dss'],
};

function presentedKeyText(blob: Buffer): string {
  return `${keyTypeOfBlob(blob) ?? 'unknown-type'} ${blob.toString('base64')}`;
}

function pinnedKey(hostKey: string): KnownHostKey | null {
  const [type, base64] = hostKey.split(' ');
  return type === undefined || base64 === undefined ? null : { type, blob: Buffer.from(base64, 'base64'), revoked: false };
}

export type ReadKnownHosts = (file: string) => string;

/** Reads known_hosts when the policy is built, i.e. at each connect, so edits apply without a restart. */
export function buildHostKeyPolicy(ssh: SshConfig, readKnownHosts: ReadKnownHosts): HostKeyPolicy {
  const recorded: KnownHostKey[] = [];
  if (ssh.hostKey !== undefined) {
    const pinned = pinnedKey(ssh.hostKey);
    if (pinned) recorded.push(pinned);
  }
  if (ssh.knownHostsFile !== undefined) {
    try {
      recorded.push(...findKnownHostKeys(readKnownHosts(ssh.knownHostsFile), ssh.host, ssh.port));
    } catch (e) {
      const verdict: HostKeyVerdict = { kind: 'known-hosts-unreadable', file: ssh.knownHostsFile, code: (e as NodeJS.ErrnoException | null)?.code ?? 'unknown error' };
      return { verify: () => verdict, acceptedAlgorithms: undefined };
    }
  }

  const usable = recorded.filter((k) => !k.revoked);
  const algorithms = [...new Set(usable.flatMap((k) => algorithmsForKeyType[k.type] ?? []))];

  return {
    acceptedAlgorithms: algorithms.length > 0 ? algorithms : undefined,
    verify(presentedBlob) {
      const presented = presentedKeyText(presentedBlob);
      if (recorded.some((k) => k.revoked && k.blob.equals(presentedBlob))) return { kind: 'revoked', presented };
      if (usable.some((k) => k.blob.equals(presentedBlob))) return { kind: 'trusted' };
      if (usable.length > 0) return { kind: 'changed', presented };
      return ssh.allowUnknownHostKey ? { kind: 'accepted-unknown' } : { kind: 'unknown', presented };
    },
  };
}

/** One actionable paragraph for the incident channel: which node, what happened, how to fix it. */
export function describeHostKeyRefusal(verdict: HostKeyVerdict, nodeName: string, ssh: SshConfig): string {
  const where = `${nodeName} (${ssh.host}:${ssh.port})`;
  const knownHostsLine = (presented: string) => `${knownHostsName(ssh.host, ssh.port)} ${presented}`;
  switch (verdict.kind) {
    case 'trusted':
    case 'accepted-unknown':
      return `SSH host key of ${where} was accepted`;
    case 'changed':
      return (
        `SSH host key of ${where} does not match the recorded key: refusing to connect. ` +
        `If the host was reinstalled or its key rotated, verify the new key out of band (ssh-keyscan -p ${ssh.port} ${ssh.host} on a trusted path, ` +
        `or the host's console), then set ssh.hostKey to "${verdict.presented}" or put this line in the known_hosts file: ${knownHostsLine(verdict.presented)}`
      );
    case 'unknown':
      return (
        `SSH host key of ${where} is not recorded: refusing to connect. ` +
        `Verify it out of band, then set ssh.hostKey to "${verdict.presented}" or add this line to the known_hosts file: ${knownHostsLine(verdict.presented)} ` +
        `(allowUnknownHostKey: true is meant for labs only)`
      );
    case 'revoked':
      return `SSH host key of ${where} is marked @revoked in the known_hosts file: refusing to connect. The host needs a new key.`;
    case 'known-hosts-unreadable':
      return `cannot check the SSH host key of ${where}: known_hosts file ${verdict.file} is unreadable (${verdict.code})`;
  }
}
