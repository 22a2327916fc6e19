import { createHmac, generateKeyPairSync, randomBytes } from 'node:crypto';
import type { SshConfig } from '../../src/config/schema';
import { buildHostKeyPolicy } from '../../src/transport/host-key-policy';
import { findKnownHostKeys, keyTypeOfBlob } from '../../src/transport/known-hosts';

/** A real ed25519 public key blob in SSH wire format: string "ssh-ed25519", string key. */
function ed25519Blob(): Buffer {
  const raw = generateKeyPairSync('ed25519').publicKey.export({ format: 'der', type: 'spki' }).subarray(-32);
  const type = Buffer.from('ssh-ed25519');
  const length = (n: number) => Buffer.from([0, 0, 0, n]);
  return Buffer.concat([length(type.length), type, length(raw.length), raw]);
}

const keyA = ed25519Blob();
const keyB = ed25519Blob();
const line = (patterns: string, blob: Buffer) => `${patterns} ssh-ed25519 ${blob.toString('base64')}`;

function hashedName(name: string): string {
  const salt = randomBytes(20);
  return `|1|${salt.toString('base64')}|${createHmac('sha1', salt).update(name).digest('base64')}`;
}

describe('findKnownHostKeys', () => {
  it('uses the bare host on port 22 and [host]:port elsewhere', () => {
    const text = [line('db1', keyA), line('[db1]:2222', keyB)].join('\n');
    expect(findKnownHostKeys(text, 'db1', 22).map((k) => k.blob)).toEqual([keyA]);
    expect(findKnownHostKeys(text, 'db1', 2222).map((k) => k.blob)).toEqual([keyB]);
  });

  it('matches comma-separated names, wildcards and negations like ssh', () => {
    const text = [line('other,db1,10.0.0.1', keyA), line('db*,!db9', keyB)].join('\n');
    expect(findKnownHostKeys(text, '10.0.0.1', 22)).toHaveLength(1);
    expect(findKnownHostKeys(text, 'db1', 22)).toHaveLength(2);
    expect(findKnownHostKeys(text, 'db9', 22)).toHaveLength(0);
  });

  it('matches hashed names written for host and [host]:port', () => {
    const text = [line(hashedName('db1'), keyA), line(hashedName('[127.0.0.1]:2200'), keyB), line(hashedName('db2'), keyB)].join('\n');
    expect(findKnownHostKeys(text, 'db1', 22).map((k) => k.blob)).toEqual([keyA]);
    expect(findKnownHostKeys(text, '127.0.0.1', 2200).map((k) => k.blob)).toEqual([keyB]);
    expect(findKnownHostKeys(text, 'db3', 22)).toEqual([]);
  });

  it('keeps @revoked lines as revoked, skips @cert-authority lines, comments and junk', () => {
    const text = ['# comment', '', 'garbage', `@revoked ${line('db1', keyB)}`, `@cert-authority ${line('*', keyA)}`, line('db1', keyA)].join('\n');
    expect(findKnownHostKeys(text, 'db1', 22)).toEqual([
      { type: 'ssh-ed25519', blob: keyB, revoked: true },
      { type: 'ssh-ed25519', blob: keyA, revoked: false },
    ]);
  });

  it('reads the key type from a blob', () => {
    expect(keyTypeOfBlob(keyA)).toBe('ssh-ed25519');
    expect(keyTypeOfBlob(Buffer.from([0, 0]))).toBeNull();
  });
});

describe('buildHostKeyPolicy', () => {
  const ssh: SshConfig = { host: 'db1', port: 22, user: 'rmqbot', agent: true, allowUnknownHostKey: false };
  const files = (text: string) => () => text;

  it('trusts the pinned key and calls any other key changed', () => {
    const policy = buildHostKeyPolicy({ ...ssh, hostKey: `ssh-ed25519 ${keyA.toString('base64')}` }, files(''));
    expect(policy.verify(keyA)).toEqual({ kind: 'trusted' });
    expect(policy.verify(keyB)).toEqual({ kind: 'changed', presented: `ssh-ed25519 ${keyB.toString('base64')}` });
    expect(policy.acceptedAlgorithms).toEqual(['ssh-ed25519']);
  });

  it('refuses a changed key even when unknown keys are allowed', () => {
    const policy = buildHostKeyPolicy({ ...ssh, knownHostsFile: '/k', allowUnknownHostKey: true }, files(line('db1', keyA)));
    expect(policy.verify(keyB).kind).toBe('changed');
  });

  it('accepts an unrecorded host only with allowUnknownHostKey', () => {
    expect(buildHostKeyPolicy({ ...ssh, knownHostsFile: '/k' }, files('')).verify(keyA).kind).toBe('unknown');
    expect(buildHostKeyPolicy({ ...ssh, knownHostsFile: '/k', allowUnknownHostKey: true }, files('')).verify(keyA).kind).toBe('accepted-unknown');
  });

  it('refuses a revoked key although another line lists it', () => {
    const policy = buildHostKeyPolicy({ ...ssh, knownHostsFile: '/k' }, files([`@revoked ${line('db1', keyA)}`, line('db1', keyA)].join('\n')));
    expect(policy.verify(keyA).kind).toBe('revoked');
  });

  it('offers every RSA signature algorithm for a recorded RSA key', () => {
    const policy = buildHostKeyPolicy({ ...ssh, knownHostsFile: '/k' }, files('db1 ssh-rsa AAAAB3NzaC1yc2E='));
    expect(policy.acceptedAlgorithms).toEqual(['rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa']);
  });

  it('reports an unreadable known_hosts file instead of trusting anything', () => {
    const policy = buildHostKeyPolicy({ ...ssh, knownHostsFile: '/missing', allowUnknownHostKey: true }, () => {
      throw Object.assign(new Error('ENOENT'), { code: 'ENOENT' });
    });
    expect(policy.verify(keyA)).toEqual({ kind: 'known-hosts-unreadable', file: '/missing', code: 'ENOENT' });
  });
});
