import { execFileSync } from 'child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import fc from 'fast-check';
import type { NodeConfig } from '../../src/config/schema';
import { logFilterCommand, parseLogFilterOutput, scannedBytes, type LogFilter } from '../../src/node-logs/log-filter-command';
import { signatureFilter, textFilter } from '../../src/node-logs/remote-grep';
import { toRemoteCommand } from '../../src/transport/remote-command';
import { analyzeLogText } from '../../src/signatures/log-analyzer';
import { readFixture } from '../helpers/fixtures';

const FIXTURES = join(__dirname, '..', 'fixtures');
const LOG_DIRS = ['logs', 'logs2', 'logs/lab-3.10.8', 'seed'];
const corpusLogs = LOG_DIRS.flatMap((dir) =>
  existsSync(join(FIXTURES, dir)) ? readdirSync(join(FIXTURES, dir)).filter((name) => name.endsWith('.txt')).map((name) => `${dir}/${name}`) : [],
);

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'remote-grep-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const nodeWithLog = (logFile: string): NodeConfig => ({ name: 'rabbit@test', logFile }) as NodeConfig;

/** Runs the command as sshd would: its one quoted string, parsed by a real sh. */
const runOnNode = (node: NodeConfig, filter: LogFilter): string => {
  const command = logFilterCommand(node, filter);
  if (!command.ok) throw new Error('no log file');
  const remote = toRemoteCommand(command.value.argv);
  if (!remote.ok) throw new Error(remote.error.message);
  return execFileSync('sh', ['-c', remote.value], { cwd: dir, maxBuffer: 64 * 1024 * 1024, encoding: 'latin1' });
};

/** Every finding with its count and state: filtering must not change what the analyzer reports. */
const findingSummary = (text: string | Buffer): string[] =>
  analyzeLogText(text)
    .findings.map((f) => `${f.signature} ${JSON.stringify(f.subject)} ${f.state} ×${f.count}`)
    .sort();

describe('grep on the node as the analyzer prefilter', () => {
  it.each(corpusLogs)('%s gives the same findings filtered as whole', (file) => {
    const text = readFixture(file);
    const path = join(dir, 'corpus.log');
    writeFileSync(path, text);
    const output = parseLogFilterOutput(runOnNode(nodeWithLog(path), signatureFilter({ kind: 'whole' })));
    expect(output).not.toBeNull();
    expect(output!.logBytes).toBe(Buffer.byteLength(text));
    expect(findingSummary(Buffer.from(output!.text, 'latin1'))).toEqual(findingSummary(text));
  });

  it('keeps the lines of a NUL hole and of its caret rendering, so the hole is still reported', () => {
    const path = join(dir, 'holed.log');
    const chatter = '2026-11-24 23:43:53.830244+00:00 [info] <0.1589.0> accepting AMQP connection <0.1589.0> (127.0.0.1:52244 -> 127.0.0.1:5672)\n';
    writeFileSync(path, Buffer.concat([Buffer.from(chatter.repeat(50)), Buffer.alloc(300), Buffer.from(`\n${chatter.repeat(50)}^@^@^@^@\n${chatter}`)]));
    const output = parseLogFilterOutput(runOnNode(nodeWithLog(path), signatureFilter({ kind: 'whole' })))!;
    expect(findingSummary(Buffer.from(output.text, 'latin1'))).toEqual(findingSummary(readFileSync(path)));
    expect(findingSummary(Buffer.from(output.text, 'latin1')).some((f) => f.startsWith('log-nul-run'))).toBe(true);
  });

  it('reads the window asked for: the last bytes, everything after an offset, or the whole log', () => {
    const path = join(dir, 'window.log');
    const lines = Array.from({ length: 100 }, (_, i) => `line ${String(i).padStart(3, '0')} enotconn\n`).join('');
    writeFileSync(path, lines);
    const size = Buffer.byteLength(lines);
    const read = (filter: LogFilter) => parseLogFilterOutput(runOnNode(nodeWithLog(path), filter))!;
    const last = read(signatureFilter({ kind: 'tail', bytes: 36 }));
    expect(last.text).toBe('line 098 enotconn\nline 099 enotconn\n');
    expect(scannedBytes({ kind: 'tail', bytes: 36 }, last.logBytes)).toBe(36);
    const after = read(signatureFilter({ kind: 'from', offset: size - 18 }));
    expect(after.text).toBe('line 099 enotconn\n');
    expect(scannedBytes({ kind: 'from', offset: size - 18 }, after.logBytes)).toBe(18);
    expect(read(signatureFilter({ kind: 'whole' })).text).toBe(lines);
    expect(scannedBytes({ kind: 'tail', bytes: 10 * size }, size)).toBe(size);
  });

  it('answers an empty result, not a failure, when nothing matches', () => {
    const path = join(dir, 'quiet.log');
    writeFileSync(path, 'nothing to see\n');
    expect(parseLogFilterOutput(runOnNode(nodeWithLog(path), textFilter({ kind: 'whole' }, 'absent', 10)))).toEqual({ logBytes: 15, text: '' });
  });

  it('sends a fraction of a log made of connection chatter', () => {
    const path = join(dir, 'chatter.log');
    const chatter = corpusLogs
      .filter((file) => file.startsWith('logs/lab-3.10.8/'))
      .flatMap((file) => readFixture(file).split('\n'))
      .filter((line) => /accepting AMQP connection|closing AMQP connection/.test(line));
    const log = `${`${chatter.join('\n')}\n`.repeat(200)}${readFixture('seed/000_084faf424ea27794.txt')}${`${chatter.join('\n')}\n`.repeat(200)}`;
    writeFileSync(path, log);
    const stdout = runOnNode(nodeWithLog(path), signatureFilter({ kind: 'whole' }));
    expect(Buffer.byteLength(stdout, 'latin1')).toBeLessThan(Buffer.byteLength(log) / 10);
    expect(findingSummary(Buffer.from(parseLogFilterOutput(stdout)!.text, 'latin1'))).toEqual(findingSummary(log));
  });
});

describe('log filter command: injection', () => {
  const hostile = fc.oneof(
    fc.constantFrom("'; touch PWNED; '", '$(touch PWNED)', '`touch PWNED`', '-f /etc/passwd', '--help', '" ; touch PWNED ; "', '\\', '*', '|touch PWNED', '&& touch PWNED'),
    fc.string({ minLength: 1, maxLength: 30 }).filter((s) => !/[\n\r\0]/.test(s)),
  );

  it('keeps every pattern a fixed text and every path a path, whatever they hold', () => {
    fc.assert(
      fc.property(hostile, hostile, (text, name) => {
        const path = join(dir, `log ${name.replace(/[/\0]/g, '_')}`);
        writeFileSync(path, `before\n${text}\nafter\n`);
        const output = parseLogFilterOutput(runOnNode(nodeWithLog(path), { ...textFilter({ kind: 'whole' }, text, 10), before: 0, after: 0 }));
        expect(output).toEqual({ logBytes: Buffer.byteLength(`before\n${text}\nafter\n`), text: expect.stringContaining(text) });
        expect(existsSync(join(dir, 'PWNED'))).toBe(false);
        rmSync(path);
      }),
      { numRuns: 150 },
    );
  });

  it('passes each pattern behind its own -e, after the fixed script', () => {
    const command = logFilterCommand(nodeWithLog('/var/log/rabbitmq/rabbit.log'), textFilter({ kind: 'tail', bytes: 100 }, '-v', 5));
    expect(command.ok && command.value.argv.slice(0, 2)).toEqual(['sh', '-c']);
    expect(command.ok && command.value.argv.slice(3)).toEqual(['rmq-log-filter', '/var/log/rabbitmq/rabbit.log', '100', '16', '4', '5', '-v']);
  });

  it('refuses a node without a log file', () => {
    expect(logFilterCommand({ name: 'rabbit@x' } as NodeConfig, signatureFilter({ kind: 'whole' }))).toEqual({ ok: false, error: { kind: 'no-log-file', node: 'rabbit@x' } });
  });
});

