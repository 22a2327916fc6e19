import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { nodeSchema, type NodeConfig } from '../../src/config/schema';
import { advanceCursor } from '../../src/node-logs/incremental-cursor';
import { INCREMENT_FILTER_SCRIPT, incrementFilterCommand, parseFilteredChunk, type IncrementFilter } from '../../src/node-logs/incremental-filter-command';
import { toRemoteCommand } from '../../src/transport/remote-command';

/** Runs the quoted command the way sshd does: one string, parsed by the login shell (here in `cwd`). */
const runAsSshd = (command: string, cwd: string): string => execFileSync('sh', ['-c', command], { encoding: 'utf8', timeout: 20_000, cwd });

const nodeWith = (logFile: string | undefined): NodeConfig =>
  nodeSchema.parse({ name: 'rabbit@host', ssh: { host: 'h', user: 'u', agent: true, allowUnknownHostKey: true }, ...(logFile === undefined ? {} : { logFile }) });

const hits = (...patterns: string[]): IncrementFilter => ({ patterns, before: 0, after: 0 });

function filterVia(logFile: string, from: number, maxBytes: number, filter: IncrementFilter = hits('HIT')) {
  const command = incrementFilterCommand(nodeWith(logFile), { from, maxBytes }, filter);
  if (!command.ok) throw new Error(JSON.stringify(command.error));
  const quoted = toRemoteCommand(command.value.argv);
  if (!quoted.ok) throw new Error(quoted.error.message);
  const chunk = parseFilteredChunk(runAsSshd(quoted.value, path.dirname(logFile)));
  if (chunk === null) throw new Error('unexpected output');
  return chunk;
}

describe('the filtered incremental log read command', () => {
  let dir = '';
  let file = '';
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'rmq-logfilter-'));
    file = path.join(dir, 'rabbit.log');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('is a constant script, minted as a read command: path, numbers and patterns reach it only as parameters', () => {
    const command = incrementFilterCommand(nodeWith('/var/log/rabbitmq/rabbit@host.log'), { from: 10, maxBytes: 4096 }, { patterns: ['a', '-b'], before: 2, after: 1 });
    expect(command).toEqual({
      ok: true,
      value: { access: 'read', name: 'log-incremental-filter', argv: ['sh', '-c', INCREMENT_FILTER_SCRIPT, 'rmq-log-increment', '/var/log/rabbitmq/rabbit@host.log', '10', '4096', '2', '1', 'a', '-b'] },
    });
    expect(INCREMENT_FILTER_SCRIPT).not.toMatch(/rabbit@host|>\s*\/|\brm\b|\bmv\b|\btee\b|\bkill\b/);
    expect(incrementFilterCommand(nodeWith(undefined), { from: 0, maxBytes: 1 }, hits('x'))).toEqual({ ok: false, error: { kind: 'no-log-file', node: 'rabbit@host' } });
    expect(incrementFilterCommand(nodeWith('/l.log'), { from: -1, maxBytes: 1 }, hits('x'))).toMatchObject({ ok: false, error: { kind: 'invalid-range' } });
  });

  it('takes the range up to its last newline, and sends only the matching lines of it', () => {
    writeFileSync(file, 'chatter\nHIT one\nchatter\nHIT partial');
    const inode = execFileSync('stat', ['-c', '%i', file], { encoding: 'utf8' }).trim();
    expect(filterVia(file, 0, 1000)).toEqual({ inode, size: 35, taken: 24, text: 'HIT one\n' });
    expect(filterVia(file, 8, 1000)).toEqual({ inode, size: 35, taken: 16, text: 'HIT one\n' });
    expect(filterVia(file, 0, 12)).toEqual({ inode, size: 35, taken: 8, text: '' });
    expect(filterVia(file, 24, 1000)).toEqual({ inode, size: 35, taken: 0, text: '' });
    expect(filterVia(file, 500, 1000)).toEqual({ inode, size: 35, taken: 0, text: '' });
  });

  it('cuts a line longer than a whole read, as the plain read does, and keeps lines with NUL bytes', () => {
    writeFileSync(file, Buffer.concat([Buffer.from('HIT long line without end'), Buffer.from('\n\0\0 hole\n')]));
    expect(filterVia(file, 0, 10)).toMatchObject({ taken: 10, text: 'HIT long l\n' });
    expect(filterVia(file, 26, 100, hits('[^[:print:][:space:]]'))).toMatchObject({ taken: 8, text: '\0\0 hole\n' });
  });

  it('moves the cursor exactly as the plain read would, for any bytes and range', () => {
    const line = fc.oneof(fc.constantFrom('HIT\n', 'x\n', '\n', 'HIT tail', 'plain'), fc.string({ maxLength: 12 }));
    fc.assert(
      fc.property(fc.array(line, { maxLength: 12 }), fc.nat(60), fc.integer({ min: 1, max: 80 }), (lines, from, maxBytes) => {
        const bytes = Buffer.from(lines.join(''));
        writeFileSync(file, bytes);
        const filtered = filterVia(file, from, maxBytes);
        const cursor = { inode: filtered.inode, size: bytes.length, offset: Math.min(from, bytes.length) };
        if (from > bytes.length) return filtered.taken === 0;
        const plain = advanceCursor(cursor, { inode: filtered.inode, size: bytes.length, bytes: bytes.subarray(from, from + maxBytes) }, maxBytes);
        return plain.kind === 'advanced' && plain.cursor.offset === from + filtered.taken;
      }),
      { numRuns: 60 },
    );
  });

  it('keeps hostile patterns inert words, through the real quoting and a real shell', () => {
    writeFileSync(file, '-e x\n$(touch injected)\n');
    const marker = path.join(dir, 'injected');
    expect(filterVia(file, 0, 100, hits('-e x', '$(touch injected)', '`touch injected`')).text).toBe('-e x\n');
    expect(existsSync(marker)).toBe(false);
  });

  it('rejects output that is not its own', () => {
    expect(parseFilteredChunk('stat: cannot stat')).toBeNull();
    expect(parseFilteredChunk('@@rmq-log-increment 12 99999999999999999999 0\n')).toBeNull();
    expect(parseFilteredChunk('@@rmq-log-increment 12 34 5\nHIT\n')).toEqual({ inode: '12', size: 34, taken: 5, text: 'HIT\n' });
  });
});
