import { spawnSync } from 'child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync, statSync, writeFileSync, writeSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { catalogLiterals } from '../src/signatures/catalog';
import type { Benchmark, BenchTable } from './types';

const ROOT = join(__dirname, '..');
const TARGET_BYTES = 210 * 1024 * 1024;
const LAB = join(ROOT, 'test', 'fixtures', 'logs', 'lab-3.10.8');

/** Healthy boot and connection chatter from the lab: what most of a real log is. */
const NOISE_FILES = ['74_recovery_log_rabbit3.txt', '83_crash_restart_log_rabbit2.txt'];
/** Failure records of every era, sprinkled in so the scan has real work to do. */
const SIGNAL_FILES = [
  join(LAB, '61_dead3_survivor_log_rabbit1.txt'),
  join(LAB, '103_netns_ignore_partition_log_n3.txt'),
  join(LAB, '71_restart_forgotten_node_log_rabbit3.txt'),
  join(ROOT, 'test', 'fixtures', 'seed', '000_084faf424ea27794.txt'),
];
/** One failure block per this many noise blocks (about 1 % of the lines). */
const SIGNAL_EVERY = 8;

const generateLog = (path: string): number => {
  const noise = Buffer.from(NOISE_FILES.map((file) => readFileSync(join(LAB, file), 'utf8')).join(''));
  const signals = SIGNAL_FILES.map((file) => readFileSync(file));
  const fd = openSync(path, 'w');
  let written = 0;
  for (let block = 0; written < TARGET_BYTES; block += 1) {
    written += writeSync(fd, noise);
    if (block % SIGNAL_EVERY === 0) written += writeSync(fd, signals[(block / SIGNAL_EVERY) % signals.length]!);
  }
  closeSync(fd);
  return written;
};

/** The prefilter literals as ERE patterns: grep answers the same question the prefilter does. */
const writeGrepPatterns = (path: string): void => {
  const escaped = catalogLiterals().map((literal) => literal.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  writeFileSync(path, `${escaped.join('\n')}\n`);
};

interface Measured {
  readonly seconds: number;
  readonly peakRssKb: number | null;
  readonly ok: boolean;
  readonly detail: string;
}

/** Runs a command under GNU time for its peak RSS ("Maximum resident set size"). */
const measure = (command: string, args: readonly string[]): Measured => {
  const started = process.hrtime.bigint();
  const result = spawnSync('/usr/bin/time', ['-v', command, ...args], { cwd: ROOT, maxBuffer: 256 * 1024 * 1024 });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const stderr = result.stderr.toString('utf8');
  const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(stderr);
  return { seconds, peakRssKb: rss ? Number(rss[1]) : null, ok: result.status === 0 || result.status === 1, detail: result.stdout.toString('utf8').slice(0, 200) };
};

/** Through the real CLI once src/cli/main.ts exists, else straight into runAnalyze. */
const analyzeCommand = (file: string): [string, string[]] =>
  existsSync(join(ROOT, 'src', 'cli', 'main.ts'))
    ? ['node', [join(ROOT, 'bin', 'rmq-bot.js'), 'analyze', '--json', file]]
    : [
        'node',
        ['-r', 'tsx/cjs', '-e', `require('./src/analyze/run-analyze.ts').runAnalyze(['--json', ${JSON.stringify(file)}], process).then((c) => { process.exitCode = c; })`],
      ];

const mbPerSecond = (bytes: number, seconds: number): number => bytes / 1024 / 1024 / seconds;

export const analyzeBenchmark: Benchmark = {
  name: 'analyze',
  run: async (log) => {
    const dir = mkdtempSync(join(tmpdir(), 'rmq-analyze-bench-'));
    try {
      const file = join(dir, 'generated-rabbit.log');
      const patterns = join(dir, 'patterns.txt');
      log(`generating ≥ 200 MB log in ${dir}`);
      const bytes = generateLog(file);
      writeGrepPatterns(patterns);
      // Read once so both contenders start from a warm page cache.
      spawnSync('cat', [file], { stdio: 'ignore' });
      log('grep -E -c -f patterns');
      const grep = measure('grep', ['-E', '-c', '-f', patterns, file]);
      log('rmq-bot analyze --json');
      const [command, args] = analyzeCommand(file);
      const analyze = measure(command, args);
      if (!analyze.ok) throw new Error(`analyze failed: ${analyze.detail}`);
      const size = statSync(file).size;
      const ratio = grep.seconds / analyze.seconds;
      const peakMb = analyze.peakRssKb === null ? null : analyze.peakRssKb / 1024;
      const table: BenchTable = {
        title: `analyze vs grep on a ${(size / 1024 / 1024).toFixed(0)} MB generated log (one run each)`,
        columns: ['tool', 'seconds', 'MB/s', 'peak RSS MB'],
        rows: [
          ['grep -E -c -f patterns', grep.seconds.toFixed(3), mbPerSecond(bytes, grep.seconds).toFixed(0), grep.peakRssKb === null ? '?' : (grep.peakRssKb / 1024).toFixed(1)],
          ['rmq-bot analyze --json', analyze.seconds.toFixed(3), mbPerSecond(bytes, analyze.seconds).toFixed(0), peakMb === null ? '?' : peakMb.toFixed(1)],
        ],
        notes: [
          `throughput ratio analyze/grep: ${ratio.toFixed(2)}× — target ≥ 1.0× ${ratio >= 1 ? 'met' : 'NOT met'}`,
          `analyze peak RSS: ${peakMb === null ? 'unknown' : `${peakMb.toFixed(1)} MB`} — target < 150 MB ${peakMb !== null && peakMb < 150 ? 'met' : 'NOT met'}`,
        ],
      };
      return table;
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
