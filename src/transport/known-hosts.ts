import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Reading OpenSSH known_hosts files: `patterns type base64 [comment]`, optionally preceded by a
 * `@revoked` or `@cert-authority` marker. Patterns are comma-separated names as ssh writes them —
 * `host` for port 22 and `[host]:port` otherwise — with `*`/`?` wildcards and `!` negation, or one
 * hashed name `|1|salt|hmac` where hmac = HMAC-SHA1(salt, name as written).
 */

export interface KnownHostKey {
  /** Key type as written, e.g. `ssh-ed25519`. */
  readonly type: string;
  /** The decoded key blob, comparable with what ssh2's hostVerifier receives. */
  readonly blob: Buffer;
  readonly revoked: boolean;
}

/** The name ssh looks up for a host: the bare host on port 22, `[host]:port` otherwise. */
export function knownHostsName(host: string, port: number): string {
  return port === 22 ? host : `[${host}]:${port}`;
}

function hashedNameMatches(pattern: string, name: string): boolean {
  const [, magic, salt, hmac] = pattern.split('|');
  if (magic !== '1' || salt === undefined || hmac === undefined) return false;
  const expected = Buffer.from(hmac, 'base64');
  const actual = createHmac('sha1', Buffer.from(salt, 'base64')).update(name).digest();
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

function globMatches(pattern: string, name: string): boolean {
  const source = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replaceAll('*', '.*').replaceAll('?', '.');
  return new RegExp(`^${source}$`, 'i').test(name);
}

/** ssh's rule: a line applies when some pattern matches and no negated pattern does. */
function patternsMatch(patterns: string, name: string): boolean {
  if (patterns.startsWith('|')) return hashedNameMatches(patterns, name);
  let matched = false;
  for (const pattern of patterns.split(',')) {
    if (pattern.startsWith('!')) {
      if (globMatches(pattern.slice(1), name)) return false;
    } else if (globMatches(pattern, name)) {
      matched = true;
    }
  }
  return matched;
}

export function findKnownHostKeys(knownHostsText: string, host: string, port: number): readonly KnownHostKey[] {
  const name = knownHostsName(host, port);
  const keys: KnownHostKey[] = [];
  for (const rawLine of knownHostsText.split('\n')) {
    const line = rawLine.trim();
    if (line === '' || line.startsWith('#')) continue;
    const fields = line.split(/\s+/);
    const marker = fields[0]?.startsWith('@') ? fields.shift() : undefined;
    // CA lines vouch for certificates, which the bot does not use; they never pin a plain key.
    if (marker === '@cert-authority') continue;
    const [patterns, type, base64] = fields;
    if (patterns === undefined || type === undefined || base64 === undefined) continue;
    if (!patternsMatch(patterns, name)) continue;
    keys.push({ type, blob: Buffer.from(base64, 'base64'), revoked: marker === '@revoked' });
  }
  return keys;
}

/** The key type named inside an SSH public key blob (its first length-prefixed string). */
export function keyTypeOfBlob(blob: Buffer): string | null {
  if (blob.length < 4) return null;
  const length = blob.readUInt32BE(0);
  return blob.length >= 4 + length ? blob.subarray(4, 4 + length).toString('latin1') : null;
}
