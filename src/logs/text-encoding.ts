import { TextDecoder } from 'node:util';

/**
 * Logs are UTF-8, except when they are not: a log copied through a Windows tool or exported from a
 * container runtime can arrive as UTF-16 or UTF-32, where every ASCII character carries NUL bytes.
 * Read as UTF-8, that is thousands of false NUL runs and no line the catalog can match, so the
 * encoding is recognized first (byte order mark, else the NUL pattern) and the text re-encoded.
 */
export type TextEncodingName = 'utf-8' | 'utf-16le' | 'utf-16be' | 'utf-32le' | 'utf-32be';

/** Enough bytes to tell the patterns apart; a shorter input is judged on what there is. */
export const ENCODING_SAMPLE_BYTES = 4096;
/** Share of NUL (or of non-NUL) bytes a byte position needs for a pattern to count as one. */
const PATTERN_SHARE = 0.9;

const bomOf = (sample: Uint8Array): TextEncodingName | null => {
  const [a, b, c, d] = sample;
  if (a === 0xff && b === 0xfe && c === 0 && d === 0) return 'utf-32le';
  if (a === 0 && b === 0 && c === 0xfe && d === 0xff) return 'utf-32be';
  if (a === 0xff && b === 0xfe) return 'utf-16le';
  if (a === 0xfe && b === 0xff) return 'utf-16be';
  return null;
};

/** Per byte position modulo 4, the share of NUL bytes. */
const nulShares = (sample: Uint8Array): number[] => {
  const nul = [0, 0, 0, 0];
  const all = [0, 0, 0, 0];
  for (let at = 0; at + 3 < sample.length; at += 1) {
    const lane = at % 4;
    all[lane]! += 1;
    if (sample[at] === 0) nul[lane]! += 1;
  }
  return nul.map((count, lane) => (all[lane] === 0 ? 0 : count / all[lane]!));
};

/**
 * The encoding of a text from its first bytes. A NUL hole in a UTF-8 log (NULs at every position)
 * or a few stray NULs match none of the patterns, which need NULs in some positions and text in
 * the others.
 */
export const detectTextEncoding = (sample: Uint8Array): TextEncodingName => {
  const bom = bomOf(sample);
  if (bom !== null) return bom;
  if (sample.length < 8) return 'utf-8';
  const [s0, s1, s2, s3] = nulShares(sample) as [number, number, number, number];
  const nul = (share: number) => share >= PATTERN_SHARE;
  const text = (share: number) => share <= 1 - PATTERN_SHARE;
  if (text(s0) && nul(s1) && nul(s2) && nul(s3)) return 'utf-32le';
  if (nul(s0) && nul(s1) && nul(s2) && text(s3)) return 'utf-32be';
  if (text(s0) && text(s2) && nul(s1) && nul(s3)) return 'utf-16le';
  if (nul(s0) && nul(s2) && text(s1) && text(s3)) return 'utf-16be';
  return 'utf-8';
};

const REPLACEMENT = 0xfffd;

/** UTF-32 code units to a string; Node's TextDecoder knows no UTF-32. */
const decodeUtf32 = (bytes: Uint8Array, littleEndian: boolean): string => {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const points: number[] = [];
  const parts: string[] = [];
  for (let at = 0; at + 3 < bytes.length; at += 4) {
    const point = view.getUint32(at, littleEndian);
    const valid = point <= 0x10ffff && (point < 0xd800 || point > 0xdfff);
    points.push(valid ? point : REPLACEMENT);
    if (points.length === 8192) parts.push(String.fromCodePoint(...points.splice(0)));
  }
  parts.push(String.fromCodePoint(...points));
  return parts.join('');
};

/**
 * Re-encodes a stream of chunks as UTF-8, whatever it arrived in. The encoding is decided on the
 * first `ENCODING_SAMPLE_BYTES` (held back until then); UTF-8 passes through untouched, byte for
 * byte, so NUL holes and invalid sequences reach the scanner as they are. A leading byte order
 * mark is dropped.
 */
export class ToUtf8 {
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private detected: TextEncodingName | null = null;
  private decoder: TextDecoder | null = null;
  /** A UTF-32 code unit split across chunks. */
  private carry: Buffer = Buffer.alloc(0);

  /** The input's encoding, once decided. */
  get encoding(): TextEncodingName | null {
    return this.detected;
  }

  push(chunk: Buffer): Buffer {
    if (this.detected !== null) return this.convert(chunk, false);
    // Copied: the caller may reuse the chunk's memory once this returns (lent chunks).
    this.pending.push(Buffer.from(chunk));
    this.pendingBytes += chunk.length;
    return this.pendingBytes < ENCODING_SAMPLE_BYTES ? Buffer.alloc(0) : this.decide(false);
  }

  end(): Buffer {
    return this.detected === null ? this.decide(true) : this.convert(Buffer.alloc(0), true);
  }

  private decide(last: boolean): Buffer {
    const held = Buffer.concat(this.pending);
    this.pending = [];
    this.detected = detectTextEncoding(held.subarray(0, ENCODING_SAMPLE_BYTES));
    if (this.detected === 'utf-16le' || this.detected === 'utf-16be') this.decoder = new TextDecoder(this.detected);
    const bom = bomOf(held);
    const bomBytes = bom === null ? 0 : bom.startsWith('utf-32') ? 4 : 2;
    return this.convert(held.subarray(bomBytes), last);
  }

  private convert(chunk: Buffer, last: boolean): Buffer {
    if (this.detected === 'utf-8' || this.detected === null) return chunk;
    if (this.decoder !== null) return Buffer.from(this.decoder.decode(chunk, { stream: !last }), 'utf8');
    const bytes = this.carry.length === 0 ? chunk : Buffer.concat([this.carry, chunk]);
    const whole = bytes.length - (bytes.length % 4);
    this.carry = Buffer.from(bytes.subarray(whole));
    const text = decodeUtf32(bytes.subarray(0, whole), this.detected === 'utf-32le');
    return Buffer.from(last && this.carry.length > 0 ? `${text}\ufffd` : text, 'utf8');
  }
}
