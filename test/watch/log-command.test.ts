import { execFileSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { nodeSchema, type NodeConfig } from '../../src/config/schema';
import { INCREMENTAL_READ_SCRIPT, incrementalLogCommand, parseLogChunk } from '../../src/node-logs/incremental-log-command';
import { toRemoteCommand } from '../../src/transport/remote-command';

/** Runs the quoted command the way sshd does: one string, parsed by the login shell (here in `cwd`). */
const runAsSshd = (command: string, cwd: string): string => execFileSync('sh', ['-c', command], { encoding: 'utf8', timeout: 20_000, cwd });

const nodeWith = (logFile: string | undefined): NodeConfig =>
  nodeSchema.parse({ name: 'rabbit@host', ssh: { host: 'h', user: 'u', agent: true, allowUnknownHostKey: true }, ...(logFile === undefined ? {} : { logFile }) });

function readVia(logFile: string, from: number, maxBytes: number) {
  const command = incrementalLogCommand(nodeWith(logFile), { from, maxBytes });
  if (!command.ok) throw new Error(JSON.stringify(command.error));
  const quoted = toRemoteCommand(command.value.argv);
  if (!quoted.ok) throw new Error(quoted.error.message);
  const chunk = parseLogChunk(runAsSshd(quoted.value, path.dirname(logFile)));
  if (!chunk.ok) throw new Error(chunk.error.detail);
  return chunk.value;
}

describe('the incremental log read command', () => {
  let dir = '';
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'rmq-logread-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('is a constant script, minted as a read command: path and numbers reach it only as $1..$3', () => {
    const command = incrementalLogCommand(nodeWith('/var/log/rabbitmq/rabbit@host.log'), { from: 10, maxBytes: 4096 });
    expect(command).toEqual({ ok: true, value: { access: 'read', name: 'log-incremental', argv: ['sh', '-c', INCREMENTAL_READ_SCRIPT, 'rmq-log-read', '/var/log/rabbitmq/rabbit@host.log', '10', '4096'] } });
    expect(INCREMENTAL_READ_SCRIPT).not.toMatch(/rabbit@host|\$[4-9]|>\s*\/|\brm\b|\bmv\b|\btee\b|\bkill\b/);
  });

  it('refuses a node without a logFile, and ranges that are not whole non-negative numbers', () => {
    expect(incrementalLogCommand(nodeWith(undefined), { from: 0, maxBytes: 10 })).toEqual({ ok: false, error: { kind: 'no-log-file', node: 'rabbit@host' } });
    for (const range of [{ from: -1, maxBytes: 10 }, { from: 1.5, maxBytes: 10 }, { from: 0, maxBytes: Number.NaN }, { from: 2 ** 60, maxBytes: 1 }]) {
      expect(incrementalLogCommand(nodeWith('/l.log'), range)).toMatchObject({ ok: false, error: { kind: 'invalid-range' } });
    }
  });

  it('returns the inode, the size and exactly the asked bytes, NUL and non-UTF-8 bytes included', () => {
    const file = path.join(dir, 'rabbit.log');
    const bytes = Buffer.concat([Buffer.from('first line\n'), Buffer.from([0, 0, 0xff, 0xfe, 0x0a]), Buffer.from('third\n')]);
    writeFileSync(file, bytes);
    const inode = execFileSync('stat', ['-c', '%i', file], { encoding: 'utf8' }).trim();
    expect(readVia(file, 0, 0)).toEqual({ inode, size: bytes.length, bytes: Buffer.alloc(0) });
    expect(readVia(file, 11, 1000).bytes).toEqual(bytes.subarray(11));
    expect(readVia(file, 11, 3).bytes).toEqual(bytes.subarray(11, 14));
    expect(readVia(file, 500, 10)).toEqual({ inode, size: bytes.length, bytes: Buffer.alloc(0) });
  });

  it('reads through one descriptor: after a rotation, stat and bytes both describe the file the path now names', () => {
    const file = path.join(dir, 'rabbit.log');
    writeFileSync(file, 'old\n');
    const before = readVia(file, 0, 0);
    renameSync(file, `${file}.1`);
    writeFileSync(file, 'new file\n');
    appendFileSync(`${file}.1`, 'late line in the old file\n');
    const after = readVia(file, 0, 100);
    expect(after.inode).not.toBe(before.inode);
    expect(after.bytes.toString()).toBe('new file\n');
  });

  it('keeps a hostile path one inert word, through the real quoting and a real shell', () => {
    // Relative: a file name cannot hold a slash, and the shell runs in the same dir.
    const marker = 'injected';
    const hostile = path.join(dir, `x"; touch ${marker}; echo "$(touch ${marker})\`touch ${marker}\`' $2 *`);
    writeFileSync(hostile, 'hostile but real\n');
    expect(readVia(hostile, 0, 100).bytes.toString()).toBe('hostile but real\n');
    expect(existsSync(path.join(dir, marker))).toBe(false);
  });

  it('passes any path to the script unchanged', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 40 }).filter((s) => !/[\0\n\r/]/.test(s)), (name) => {
        const file = path.join(dir, name === '.' || name === '..' ? `${name}x` : name);
        writeFileSync(file, name);
        const read = readVia(file, 0, 1000);
        rmSync(file);
        return read.bytes.toString() === name;
      }),
      { numRuns: 40 },
    );
  });

  it('refuses a path with a line break before anything runs', () => {
    const command = incrementalLogCommand(nodeWith('/var/log/x.log\nrm -rf /'), { from: 0, maxBytes: 1 });
    expect(command.ok && toRemoteCommand(command.value.argv).ok).toBe(false);
  });

  it('says what is wrong with output that is not its own', () => {
    expect(parseLogChunk('stat: cannot stat')).toMatchObject({ ok: false, error: { kind: 'unreadable-output' } });
    expect(parseLogChunk('12 34\n***')).toMatchObject({ ok: false, error: { detail: 'the log bytes did not arrive as base64' } });
    expect(parseLogChunk('12 99999999999999999999\n')).toMatchObject({ ok: false });
    expect(parseLogChunk('12 34\n')).toEqual({ ok: true, value: { inode: '12', size: 34, bytes: Buffer.alloc(0) } });
  });
});
