/**
 * What a file that is not a bot config seems to be, judged by its shape only, so the error can
 * name the likely mix-up (a key or a .env passed as --config) without repeating a byte of it.
 */
export type ForeignContent = 'private-key' | 'public-key' | 'env-file' | 'list' | 'plain-text' | 'empty';

export const foreignContentWords: Record<ForeignContent, string> = {
  'private-key': 'a private key',
  'public-key': 'an SSH public key or known_hosts file',
  'env-file': 'a .env file (NAME=value lines)',
  list: 'a list',
  'plain-text': 'plain text',
  empty: 'empty',
};

const significantLines = (text: string): string[] =>
  text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'));

/** Shapes recognised before YAML sees the text: YAML would read them as one long string. */
export function sniffForeignContent(text: string): ForeignContent | null {
  const lines = significantLines(text);
  const first = lines[0] ?? '';
  if (/^-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----/.test(first)) return 'private-key';
  if (/^(ssh-(rsa|ed25519|dss)|ecdsa-sha2-\S+|\S+ (ssh-(rsa|ed25519)|ecdsa-sha2-\S+)) AAAA/.test(first)) return 'public-key';
  if (lines.length > 0 && lines.every((l) => /^(export\s+)?[A-Za-z_][A-Za-z0-9_]*=/.test(l))) return 'env-file';
  return null;
}
