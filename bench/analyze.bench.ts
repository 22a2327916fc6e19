import { spawnSync } from 'child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync, writeSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { signatureCatalog } from '../src/signatures/catalog';
import { catalogExtendedRegexes } from './analyze-grep-patterns';
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
/** Real client chatter lines of the lab's nodes (accepting, authenticated, closing). */
const CHATTER = /accepting AMQP connection|closing AMQP connection|authenticated and granted access/;

/** Writes `noise` repeatedly, with the next signal block after every `signalEvery` copies. */
const writeLog = (path: string, noise: Buffer, signalEvery: number): number => {
  const signals = SIGNAL_FILES.map((file) => readFileSync(file));
  const fd = openSync(path, 'w');
  let written = 0;
  for (let block = 0; written < TARGET_BYTES; block += 1) {
    written += writeSync(fd, noise);
    if (block % signalEvery === 0) written += writeSync(fd, signals[(block / signalEvery) % signals.length]!);
  }
  closeSync(fd);
  return written;
};

/** The bench's original log: boots and restarts of lab nodes, one failure block per 8 of them (about 1 % of the lines). */
const generateLabLog = (path: string): number =>
  writeLog(path, Buffer.from(NOISE_FILES.map((file) => readFileSync(join(LAB, file), 'utf8')).join('')), 8);

/** A busy broker's log: almost only connection chatter, a failure block every few thousand lines. */
const generateChatterLog = (path: string): number => {
  const lines = readdirSync(LAB)
    .filter((file) => file.endsWith('.txt'))
    .flatMap((file) => readFileSync(join(LAB, file), 'utf8').split('\n'))
    .filter((line) => CHATTER.test(line));
  return writeLog(path, Buffer.from(`${lines.join('\n')}\n`.repeat(50)), 20);
};

/** The catalog's signature regexes as EREs: grep does the matching analyze does, line by line. */
const writeGrepPatterns = (path: string): number => {
  const patterns = catalogExtendedRegexes(signatureCatalog);
  writeFileSync(path, `${patterns.join('\n')}\n`);
  return patterns.length;
};

interface Measured {
  readonly seconds: number;
  /** User + system CPU seconds: what the work cost, whatever else the machine was doing. */
  readonly cpuSeconds: number | null;
  readonly peakRssKb: number | null;
  readonly ok: boolean;
  readonly detail: string;
}

const timeField = (stderr: string, name: string): number | null => {
  const match = new RegExp(`${name}: ([\\d.]+)`).exec(stderr);
  return match ? Number(match[1]) : null;
};

/** Runs a command under GNU time for its peak RSS ("Maximum resident set size") and CPU time. */
const measure = (command: string, args: readonly string[], env: NodeJS.ProcessEnv = process.env): Measured => {
  const started = process.hrtime.bigint();
  const result = spawnSync('/usr/bin/time', ['-v', command, ...args], { cwd: ROOT, env, maxBuffer: 256 * 1024 * 1024 });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const stderr = result.stderr.toString('utf8');
  const user = timeField(stderr, 'User time \\(seconds\\)');
  const system = timeField(stderr, 'System time \\(seconds\\)');
  return {
    seconds,
    cpuSeconds: user === null || system === null ? null : user + system,
    peakRssKb: timeField(stderr, 'Maximum resident set size \\(kbytes\\)'),
    ok: result.status === 0 || result.status === 1,
    detail: result.stdout.toString('utf8').slice(0, 200),
  };
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

interface Race {
  readonly log: string;
  readonly bytes: number;
  /** grep as a user runs it (the bench's locale), and in the C locale, its fastest mode. */
  readonly grep: Measured;
  readonly grepC: Measured;
  readonly analyze: Measured;
}

/** Runs per contender: the machine is shared, so each figure is the median of a few interleaved runs. */
const ROUNDS = 3;

const median = (runs: readonly Measured[]): Measured => {
  const byCpu = [...runs].sort((a, b) => (a.cpuSeconds ?? a.seconds) - (b.cpuSeconds ?? b.seconds));
  const bySeconds = [...runs].sort((a, b) => a.seconds - b.seconds);
  const middle = Math.floor(runs.length / 2);
  const peaks = runs.map((run) => run.peakRssKb).filter((peak): peak is number => peak !== null);
  return {
    ...byCpu[middle]!,
    seconds: bySeconds[middle]!.seconds,
    // The worst peak: the memory target is a ceiling.
    peakRssKb: peaks.length === 0 ? null : Math.max(...peaks),
    ok: runs.every((run) => run.ok),
  };
};

const race = (name: string, file: string, patterns: string, bytes: number, log: (line: string) => void): Race => {
  // Read once so every contender starts from a warm page cache.
  spawnSync('cat', [file], { stdio: 'ignore' });
  const [command, args] = analyzeCommand(file);
  const runs: { grep: Measured; grepC: Measured; analyze: Measured }[] = [];
  for (let round = 1; round <= ROUNDS; round += 1) {
    log(`${name} round ${round}/${ROUNDS}: grep -E -c -f catalog regexes, LC_ALL=C grep, rmq-bot analyze --json`);
    const grep = measure('grep', ['-E', '-c', '-f', patterns, file]);
    const grepC = measure('grep', ['-E', '-c', '-f', patterns, file], { ...process.env, LC_ALL: 'C' });
    const analyze = measure(command, args);
    if (!analyze.ok) throw new Error(`analyze failed on ${name}: ${analyze.detail}`);
    runs.push({ grep, grepC, analyze });
  }
  return {
    log: name,
    bytes,
    grep: median(runs.map((run) => run.grep)),
    grepC: median(runs.map((run) => run.grepC)),
    analyze: median(runs.map((run) => run.analyze)),
  };
};

const rssMb = (measured: Measured): string => (measured.peakRssKb === null ? '?' : (measured.peakRssKb / 1024).toFixed(1));
const cpu = (measured: Measured): string => (measured.cpuSeconds === null ? '?' : measured.cpuSeconds.toFixed(2));
const cpuMbPerSecond = (bytes: number, measured: Measured): string => (measured.cpuSeconds === null ? '?' : mbPerSecond(bytes, measured.cpuSeconds).toFixed(0));
/** grep's time over analyze's: above 1, analyze is the faster. */
const cpuRatio = (grep: Measured, analyze: Measured): number | null =>
  grep.cpuSeconds === null || analyze.cpuSeconds === null ? null : grep.cpuSeconds / analyze.cpuSeconds;
const times = (value: number | null): string => (value === null ? '?' : `${value.toFixed(2)}×`);
const wallRatio = (grep: Measured, analyze: Measured): number => grep.seconds / analyze.seconds;

const raceRows = (r: Race): string[][] => [
  [r.log, `grep -E -c -f (${process.env.LC_ALL ?? process.env.LANG ?? 'no locale'})`, r.grep.seconds.toFixed(2), cpu(r.grep), mbPerSecond(r.bytes, r.grep.seconds).toFixed(0), cpuMbPerSecond(r.bytes, r.grep), '', '', rssMb(r.grep)],
  [r.log, 'LC_ALL=C grep -E -c -f', r.grepC.seconds.toFixed(2), cpu(r.grepC), mbPerSecond(r.bytes, r.grepC.seconds).toFixed(0), cpuMbPerSecond(r.bytes, r.grepC), '', '', rssMb(r.grepC)],
  [
    r.log,
    'rmq-bot analyze --json',
    r.analyze.seconds.toFixed(2),
    cpu(r.analyze),
    mbPerSecond(r.bytes, r.analyze.seconds).toFixed(0),
    cpuMbPerSecond(r.bytes, r.analyze),
    `${times(cpuRatio(r.grep, r.analyze))} / ${times(cpuRatio(r.grepC, r.analyze))}`,
    `${times(wallRatio(r.grep, r.analyze))} / ${times(wallRatio(r.grepC, r.analyze))}`,
    rssMb(r.analyze),
  ],
];

const raceNote = (r: Race): string => {
  const ratio = cpuRatio(r.grep, r.analyze);
  const peakMb = r.analyze.peakRssKb === null ? null : r.analyze.peakRssKb / 1024;
  return `${r.log} (${(r.bytes / 1024 / 1024).toFixed(0)} MB): analyze/grep ${times(ratio)} in CPU time (C locale ${times(cpuRatio(r.grepC, r.analyze))}) — target ≥ 1.0× ${ratio !== null && ratio >= 1 ? 'met' : 'NOT met'}; wall ${times(wallRatio(r.grep, r.analyze))}; peak RSS ${peakMb === null ? 'unknown' : `${peakMb.toFixed(1)} MB`} — target < 150 MB ${peakMb !== null && peakMb < 150 ? 'met' : 'NOT met'}`;
};

export const analyzeBenchmark: Benchmark = {
  name: 'analyze',
  run: async (log) => {
    const dir = mkdtempSync(join(tmpdir(), 'rmq-analyze-bench-'));
    try {
      const patterns = join(dir, 'catalog-regexes.txt');
      const patternCount = writeGrepPatterns(patterns);
      const races: Race[] = [];
      for (const [name, generate] of [['chatter', generateChatterLog], ['lab boots', generateLabLog]] as const) {
        const file = join(dir, `${name.replace(' ', '-')}.log`);
        log(`generating the ≥ 200 MB ${name} log in ${dir}`);
        const bytes = generate(file);
        races.push(race(name, file, patterns, bytes, log));
        rmSync(file);
      }
      const table: BenchTable = {
        title: `analyze vs grep -E -c -f with the catalog's ${patternCount} signature regexes, two generated logs, one run each`,
        columns: ['log', 'tool', 'wall s', 'CPU s', 'MB/s (wall)', 'MB/CPU s', 'grep/analyze (CPU)', 'grep/analyze (wall)', 'peak RSS MB'],
        rows: races.flatMap(raceRows),
        notes: [
          ...races.map(raceNote),
          `each figure is the median of ${ROUNDS} interleaved runs (peak RSS: the highest); ratios are against grep in the bench locale / in the C locale`,
          'the target is judged on CPU time (user + system), the fair figure on a shared machine; wall time rewards whichever run the machine happened to favour',
          "analyze's time includes its start-up (node, the cached compile of the sources, the analysis worker), paid once per file",
        ],
      };
      return table;
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
