import fc from 'fast-check';
import { detectTextEncoding, ToUtf8, type TextEncodingName } from '../../src/logs/text-encoding';
import { analyzeLogText } from '../../src/signatures/log-analyzer';
import { nodeDownLog } from '../fixtures/adversarial/crafted-logs';

const encode = (text: string, encoding: TextEncodingName, bom: boolean): Buffer => {
  const withBom = `${bom ? '\ufeff' : ''}${text}`;
  if (encoding === 'utf-8') return Buffer.from(text, 'utf8');
  if (encoding === 'utf-16le') return Buffer.from(withBom, 'utf16le');
  if (encoding === 'utf-16be') return Buffer.from(withBom, 'utf16le').swap16();
  const points = [...withBom].map((ch) => ch.codePointAt(0) ?? 0);
  const out = Buffer.alloc(points.length * 4);
  points.forEach((point, i) => (encoding === 'utf-32le' ? out.writeUInt32LE(point, i * 4) : out.writeUInt32BE(point, i * 4)));
  return out;
};

/** Feeds `bytes` in chunks cut at the given sizes, as a stream would. */
const throughToUtf8 = (bytes: Buffer, cuts: readonly number[]): { text: string; encoding: TextEncodingName | null } => {
  const utf8 = new ToUtf8();
  const out: Buffer[] = [];
  let at = 0;
  for (const size of cuts) {
    if (at >= bytes.length) break;
    out.push(utf8.push(bytes.subarray(at, at + size)));
    at += size;
  }
  out.push(utf8.push(bytes.subarray(at)), utf8.end());
  return { text: Buffer.concat(out).toString('utf8'), encoding: utf8.encoding };
};

const logLine = fc.constantFrom(
  '2023-01-01 12:00:01.000000+00:00 [info] <0.231.0> rabbit on node rabbit3@localhost down\n',
  '=INFO REPORT==== 17-Aug-2016::14:26:45 ===\nMirrored queue \'q\' in vhost \'/\': Adding mirror on node rabbit@mq2\n',
  '2018-12-05 06:37:13.602 [error] <0.202.0> file descriptor limit alarm set — ünïcødé 队列 🐇\n',
);
const logText = fc.array(logLine, { minLength: 3, maxLength: 60 }).map((lines) => lines.join(''));
const cuts = fc.array(fc.integer({ min: 1, max: 5000 }), { maxLength: 20 });

describe('text encodings of logs', () => {
  it('re-encodes UTF-16 and UTF-32 (either byte order, with or without a BOM) to the same text, however the stream is cut', () => {
    fc.assert(
      fc.property(logText, fc.constantFrom<TextEncodingName>('utf-16le', 'utf-16be', 'utf-32le', 'utf-32be'), fc.boolean(), cuts, (text, encoding, bom, sizes) => {
        const result = throughToUtf8(encode(text, encoding, bom), sizes);
        expect(result).toEqual({ text, encoding });
      }),
    );
  });

  it('passes UTF-8 through byte for byte, NUL holes and invalid bytes included', () => {
    fc.assert(
      fc.property(logText, fc.integer({ min: 0, max: 9000 }), fc.integer({ min: 0, max: 100 }), cuts, (text, holeBytes, holeAt, sizes) => {
        const body = Buffer.from(text, 'utf8');
        const at = Math.floor((body.length * holeAt) / 100);
        const bytes = Buffer.concat([body.subarray(0, at), Buffer.alloc(holeBytes), Buffer.from([0xc3, 0x28]), body.subarray(at)]);
        const utf8 = new ToUtf8();
        const out: Buffer[] = [];
        let from = 0;
        for (const size of sizes) {
          out.push(utf8.push(bytes.subarray(from, from + size)));
          from += size;
        }
        out.push(utf8.push(bytes.subarray(Math.min(from, bytes.length))), utf8.end());
        expect(utf8.encoding).toBe('utf-8');
        expect(Buffer.concat(out).equals(bytes)).toBe(true);
      }),
    );
  });

  it('tells a NUL hole (every position NUL) from the every-other-byte pattern', () => {
    expect(detectTextEncoding(Buffer.alloc(4096))).toBe('utf-8');
    expect(detectTextEncoding(Buffer.concat([Buffer.alloc(2048), Buffer.from('x'.repeat(2048))]))).toBe('utf-8');
    expect(detectTextEncoding(Buffer.from('ab'.repeat(100), 'utf16le'))).toBe('utf-16le');
  });

  it('a UTF-16 log gives its node-down finding and no NUL runs (it gave 5000 false log-nul-run findings)', () => {
    for (const [encoding, bom] of [['utf-16le', true], ['utf-16be', false]] as const) {
      const findings = analyzeLogText(encode(nodeDownLog(200_000), encoding, bom)).findings;
      expect(findings.map((f) => [f.signature, f.subject.node])).toEqual([['node-down', 'rabbit3@localhost']]);
    }
  });

  it('a real NUL hole in a UTF-8 log is still exactly one log-nul-run finding', () => {
    const text = nodeDownLog(20_000);
    const holed = Buffer.concat([Buffer.from(text.slice(0, 10_000)), Buffer.alloc(70_000), Buffer.from(text.slice(10_000))]);
    const runs = analyzeLogText(holed).findings.filter((f) => f.signature === 'log-nul-run');
    expect(runs.map((f) => f.nulRun?.bytes)).toEqual([70_000]);
  });
});
