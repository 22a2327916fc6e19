import { analyzeInput } from '../../src/analyze/analyze-input';
import { parseLine } from '../../src/logs/line-header';
import { LogScanner } from '../../src/logs/log-scanner';
import { MultiLiteralFinder } from '../../src/logs/multi-literal-finder';
import type { LogRecord } from '../../src/logs/log-record';
import { findingKeys } from '../helpers/finding-keys';
import { readFixture } from '../helpers/fixtures';

/** `[level] <pid> message` lines: 3.7+ messages whose time the transport kept apart (journalctl -o cat, pasted messages). */

const GUEST = 'logs-level-pid/guest-loopback-refused-docs-level-pid.txt';
const KHEPRI = 'logs-level-pid/khepri-minority-declare-timeout-docs-level-pid.txt';

const analyzeText = (source: string, text: string) =>
  analyzeInput(
    source,
    (async function* () {
      yield Buffer.from(text, 'utf8');
    })(),
  );

const records = (text: string, literals: readonly string[]): LogRecord[] => {
  const found: LogRecord[] = [];
  const scanner = new LogScanner(new MultiLiteralFinder(literals), { onRecord: (record) => found.push(record), onNulRun: () => undefined });
  scanner.push(Buffer.from(text, 'utf8'));
  scanner.end();
  return found;
};

describe('[level] <pid> lines without a timestamp', () => {
  it('are headers with the level and pid, and no time', () => {
    expect(parseLine(readFixture(GUEST).trim())).toEqual({
      kind: 'header',
      header: { time: null, level: 'error', pid: '<0.918.0>', message: "PLAIN login refused: user 'guest' can only connect via localhost", continuationKey: 'error <0.918.0>' },
    });
  });

  it('give the refused guest login its id and user (access-control guide)', () => {
    expect(findingKeys(readFixture(GUEST))).toEqual(['client-login-refused {"user":"guest"}']);
  });

  it('join a message whose lines repeat the prefix into one record (Khepri guide)', () => {
    const [record, ...others] = records(readFixture(KHEPRI), ['Error on AMQP connection']);
    expect(others).toEqual([]);
    expect(record).toMatchObject({ time: null, level: 'error', pid: '<0.1373.0>', firstLine: 1, lastLine: 2 });
    expect(record!.message).toContain('operation exchange.declare caused a connection exception internal_error');
  });

  it.each([GUEST, KHEPRI])('%s pasted alone is read as a log, never unknown', async (file) => {
    expect((await analyzeText(file, readFixture(file))).kind).toBe('log');
  });
});
