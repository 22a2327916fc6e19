import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runInWorker } from '../../src/analysis-worker/run-in-worker';
import { logAnalysisJob } from '../../src/analyze/log-jobs';
import { analyzeLogText } from '../../src/signatures/log-analyzer';
import { readFixture } from '../helpers/fixtures';
import { craftedLogs } from '../fixtures/adversarial/crafted-logs';
import { allocateJob, stallJob } from './budget-jobs';

jest.setTimeout(60_000);

const crafted = (name: string, bytes: number): Buffer => {
  const log = craftedLogs.find((c) => c.name === name);
  if (log === undefined) throw new Error(`no crafted log ${name}`);
  return log.build(bytes);
};

async function* twoChunks(first: Buffer, second: Buffer): AsyncGenerator<Buffer> {
  yield first;
  yield second;
}

describe('analysis in a worker thread, within a budget', () => {
  it('analyzes a log in the worker (jest loads the sources with swc; the worker registers the cached compile itself)', async () => {
    const outcome = await runInWorker(logAnalysisJob, {}, crafted('utf-16le-bom', 100_000));
    expect(outcome.kind).toBe('done');
    if (outcome.kind !== 'done') return;
    expect(outcome.value.findings.map((f) => f.signature)).toEqual(['node-down']);
  });

  it('lends a borrowing job its chunks in shared slots, reused chunk after chunk, and the job reads every byte as sent', async () => {
    // Many chunks of varied sizes, each a view of one buffer the sender overwrites for the next.
    const log = Buffer.from(readFixture('logs/lab-3.10.8/61_dead3_survivor_log_rabbit1.txt').repeat(40));
    async function* reusedBuffer(): AsyncGenerator<Buffer> {
      const buffer = Buffer.alloc(1024 * 1024);
      for (let at = 0, size = 1000; at < log.length; at += size, size = (size * 7) % 900_000 + 1) {
        const part = log.subarray(at, at + size);
        part.copy(buffer);
        yield buffer.subarray(0, part.length);
        buffer.fill(0x7a);
      }
    }
    expect(logAnalysisJob.borrowsChunks).toBe(true);
    const outcome = await runInWorker(logAnalysisJob, {}, reusedBuffer(), { totalBytes: log.length });
    expect(outcome).toEqual({ kind: 'done', value: JSON.parse(JSON.stringify(analyzeLogText(log))) });
  });

  it('reads a file in the worker itself when given its path, and says how far it has got as it goes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'run-in-worker-'));
    try {
      const log = Buffer.from(readFixture('logs/lab-3.10.8/61_dead3_survivor_log_rabbit1.txt').repeat(30));
      const path = join(dir, 'rabbit.log');
      writeFileSync(path, log);
      const taken: number[] = [];
      const outcome = await runInWorker(logAnalysisJob, {}, { path, chunkBytes: 64 * 1024 }, { totalBytes: log.length, onTaken: (bytes) => taken.push(bytes) });
      expect(outcome).toEqual({ kind: 'done', value: JSON.parse(JSON.stringify(analyzeLogText(log))) });
      // Whole chunks, ascending, ending with the whole file: at most every few ms, and always at the end.
      expect(taken.at(-1)).toBe(log.length);
      expect(taken).toEqual([...taken].sort((a, b) => a - b));
      expect(taken.every((bytes) => bytes % (64 * 1024) === 0 || bytes === log.length)).toBe(true);
      // A file that cannot be read is the caller's input failing, thrown as a failed stream is; not a failed analysis.
      await expect(runInWorker(logAnalysisJob, {}, { path: join(dir, 'gone.log'), chunkBytes: 1024 })).rejects.toThrow(/ENOENT.*gone\.log/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('stops a job that never yields once its time budget is spent, and says how much it had read', async () => {
    const outcome = await runInWorker(stallJob, {}, twoChunks(Buffer.alloc(1000, 'a'), Buffer.alloc(500, 'b')), { budget: { baseMs: 300, msPerMb: 0, memoryMb: 64 } });
    expect(outcome).toEqual({ kind: 'over-budget', limit: 'time', budget: '0.3 s', bytesRead: 1000, totalBytes: null });
  });

  it('stops a job that outgrows its heap, as over its memory budget', async () => {
    const outcome = await runInWorker(allocateJob, {}, 'x'.repeat(100), { budget: { baseMs: 60_000, msPerMb: 0, memoryMb: 48 } });
    expect(outcome).toMatchObject({ kind: 'over-budget', limit: 'memory', budget: '48 MB', totalBytes: 100 });
  });

  it('works from bin/rmq-bot.js too (its cached compile in the main thread): analyze on standard input', () => {
    const bin = join(__dirname, '..', '..', 'bin', 'rmq-bot.js');
    const result = spawnSync('node', [bin, 'analyze', '--json', '-'], { input: crafted('unclosed-tables-list', 512 * 1024), encoding: 'utf8', timeout: 50_000 });
    expect(result.status).toBe(0);
    const report = JSON.parse(result.stdout) as { inputs: { findings: { signature: string }[] }[] };
    expect(report.inputs[0]?.findings.map((f) => f.signature)).toEqual(['mnesia-tables-timeout']);
  });
});
