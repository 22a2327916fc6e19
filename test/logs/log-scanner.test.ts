import fc from 'fast-check';
import type { LogRecord, NulRun } from '../../src/logs/log-record';
import { LogScanner } from '../../src/logs/log-scanner';
import { MultiLiteralFinder } from '../../src/logs/multi-literal-finder';
import { readFixture } from '../helpers/fixtures';

const scan = (chunks: readonly Buffer[], literals: readonly string[] = ['home node', 'rabbit on node', 'inconsistent_cluster']) => {
  const records: LogRecord[] = [];
  const runs: NulRun[] = [];
  const scanner = new LogScanner(new MultiLiteralFinder(literals), { onRecord: (r) => records.push(r), onNulRun: (r) => runs.push(r) });
  chunks.forEach((chunk) => scanner.push(chunk));
  scanner.end();
  return { records, runs, lines: scanner.linesScanned };
};

const splitAt = (buf: Buffer, cuts: readonly number[]): Buffer[] => {
  const points = [...new Set(cuts.map((cut) => cut % (buf.length + 1)))].sort((a, b) => a - b);
  return [...points, buf.length].map((end, i) => buf.subarray(i === 0 ? 0 : points[i - 1], end));
};

describe('LogScanner', () => {
  it('groups a pre-3.7 report record with its pretty-printed term and reads its header', () => {
    const { records } = scan([Buffer.from(readFixture('seed/000_084faf424ea27794.txt'))]);
    expect(records[0]).toEqual({
      time: '2016-08-17T14:26:45',
      level: 'error',
      pid: null,
      message: expect.stringContaining("home node 'rabbit@qc-moses-rmq-bak-7' of durable queue 'base.moses.task4'"),
      firstLine: 39,
      lastLine: 43,
    });
  });

  it('joins 3.9+ lines that repeat their prefix into one record', () => {
    const { records } = scan([Buffer.from(readFixture('logs/lab-3.10.8/71_restart_forgotten_node_log_rabbit3.txt'))]);
    expect(records[0]).toEqual(expect.objectContaining({ firstLine: 4, lastLine: 10, level: 'error', pid: '<0.223.0>' }));
    expect(records[0]?.message.split('\n')).toHaveLength(7);
  });

  it('reports a NUL hole once, with size and position, and still reads the record glued behind it', () => {
    const text = Buffer.concat([
      Buffer.from('=ERROR REPORT==== 17-Aug-2016::14:13:32 ===\nerror on AMQP connection <0.1.0>: enotconn\n'),
      Buffer.alloc(412),
      Buffer.from("=INFO REPORT==== 17-Aug-2016::15:12:46 ===\nrabbit on node 'rabbit@b' down\n"),
    ]);
    const { records, runs } = scan(splitAt(text, [50, 100, 200, 300]));
    expect(runs).toEqual([{ bytes: 412, offset: 87, line: 3, rendering: 'bytes' }]);
    expect(records).toEqual([expect.objectContaining({ time: '2016-08-17T15:12:46', firstLine: 3, lastLine: 4 })]);
    expect(records[0]?.message).not.toContain('\u0000');
  });

  it('finds the same records and runs however the input is chunked', () => {
    const input = Buffer.concat([
      Buffer.from(readFixture('seed/000_084faf424ea27794.txt')),
      Buffer.alloc(33),
      Buffer.from(readFixture('logs/lab-3.10.8/61_dead3_survivor_log_rabbit1.txt')),
    ]);
    const whole = scan([input]);
    fc.assert(
      fc.property(fc.array(fc.nat(), { maxLength: 12 }), (cuts) => {
        expect(scan(splitAt(input, cuts))).toEqual(whole);
      }),
      { numRuns: 60 },
    );
  });

  it('takes a chunk of several megabytes in pieces and finds what it finds when the same bytes come in small chunks', () => {
    const input = Buffer.from(readFixture('logs/lab-3.10.8/61_dead3_survivor_log_rabbit1.txt').repeat(1200));
    expect(input.length).toBeGreaterThan(3 * 1024 * 1024);
    expect(scan([input])).toEqual(scan(splitAt(input, Array.from({ length: 200 }, (_, k) => k * 17_389))));
  });

  it('survives invalid UTF-8, CRLF and a line far longer than any record', () => {
    const text = Buffer.concat([
      Buffer.from('x'.repeat(300_000)),
      Buffer.from(' home node '),
      Buffer.from([0xff, 0xfe, 0xc3]),
      Buffer.from("\r\n2023-01-01 12:00:00.000000+00:00 [info] <0.1.0> rabbit on node rabbit@b down\r\n"),
    ]);
    const { records, lines } = scan([text]);
    expect(records.map((r) => r.firstLine)).toEqual([1, 2]);
    expect(records[0]?.message.length).toBeLessThanOrEqual(16 * 1024);
    expect(records[0]?.message).toContain('home node \ufffd');
    expect(records[1]).toEqual(expect.objectContaining({ level: 'info', message: 'rabbit on node rabbit@b down' }));
    expect(lines).toBe(2);
  });

  it('keeps memory flat on a multi-megabyte input without newlines', () => {
    const { runs, records } = scan([Buffer.alloc(5_000_000), Buffer.alloc(5_000_000), Buffer.from('\nrabbit on node x@y down\n')]);
    expect(runs).toEqual([{ bytes: 10_000_000, offset: 0, line: 1, rendering: 'bytes' }]);
    expect(records).toHaveLength(1);
  });
});
