import { spawnSync } from 'child_process';
import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { analyzeLogText } from '../src/signatures/log-analyzer';
import { craftedLogs, ordinaryLog } from '../test/fixtures/adversarial/crafted-logs';
import type { Benchmark } from './types';

const MB = 1024 * 1024;
const SIZES_MB = [8, 32] as const;
const ROOT = join(__dirname, '..');
const ENDLESS_LINE_MB = 200;
const RSS_CEILING_MB = 150;

/**
 * Seconds for one analysis: repeated for at least a quarter second so fast inputs are not timer
 * noise, best of three because the machine is shared and one slow round says nothing about growth.
 */
const secondsFor = (input: Buffer): number => {
  let best = Infinity;
  for (let round = 0; round < 3; round += 1) {
    const started = performance.now();
    let runs = 0;
    do {
      analyzeLogText(input);
      runs += 1;
    } while (performance.now() - started < 250);
    best = Math.min(best, (performance.now() - started) / 1000 / runs);
  }
  return best;
};

/** A 200 MB line without a newline, written in pieces, then analyzed by the real CLI under GNU time. */
const endlessLinePeakRssMb = (log: (line: string) => void): number | null => {
  const dir = mkdtempSync(join(tmpdir(), 'rmq-adversarial-bench-'));
  try {
    const file = join(dir, 'endless-line.log');
    const piece = Buffer.from('timeout_waiting_for_tables, ['.padEnd(64, 'x') + 'rabbit@node-1,'.repeat(74_898));
    const fd = openSync(file, 'w');
    for (let written = 0; written < ENDLESS_LINE_MB * MB; ) written += writeSync(fd, piece);
    closeSync(fd);
    log(`rmq-bot analyze on a ${ENDLESS_LINE_MB} MB line without a newline`);
    const result = spawnSync('/usr/bin/time', ['-v', 'node', join(ROOT, 'bin', 'rmq-bot.js'), 'analyze', '--json', file], { cwd: ROOT, maxBuffer: 64 * MB });
    const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(result.stderr.toString('utf8'));
    return rss ? Number(rss[1]) / 1024 : null;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
};

/**
 * `npm run bench -- adversarial`: seconds per MB of analysis for each crafted input and for
 * ordinary text at two sizes. Linear cost means the same s/MB at both sizes (growth ×4.0 for 4×
 * the input); the quadratic patterns this replaced grew ×16 and more.
 */
export const adversarialBenchmark: Benchmark = {
  name: 'adversarial',
  run: async (log) => {
    const inputs = [...craftedLogs.map((c) => ({ name: c.name, build: c.build })), { name: 'ordinary (baseline)', build: ordinaryLog }];
    const rows: string[][] = [];
    let worstGrowth = 0;
    for (const input of inputs) {
      const seconds = SIZES_MB.map((mb) => {
        log(`${input.name} at ${mb} MB`);
        return secondsFor(input.build(mb * MB));
      });
      const [small = 0, large = 0] = seconds;
      const growth = large / Math.max(small, 1e-6);
      worstGrowth = Math.max(worstGrowth, growth);
      rows.push([input.name, ...seconds.map((s, i) => (s / SIZES_MB[i]!).toFixed(4)), `×${growth.toFixed(1)}`]);
    }
    const peak = endlessLinePeakRssMb(log);
    const ratio = SIZES_MB[1] / SIZES_MB[0];
    return {
      title: `log analysis cost, crafted vs ordinary input (in-process analyzer, best of 3 rounds of ≥ 0.25 s)`,
      columns: ['input', ...SIZES_MB.map((mb) => `s/MB at ${mb} MB`), `time growth for ${ratio}× input`],
      rows,
      notes: [
        `worst growth ×${worstGrowth.toFixed(1)} for ${ratio}× the input — linear is ×${ratio.toFixed(1)}, quadratic ×${(ratio * ratio).toFixed(0)}: ${worstGrowth < ratio * 2 ? 'linear' : 'NOT linear'}`,
        `${ENDLESS_LINE_MB} MB line without a newline through rmq-bot analyze: peak RSS ${peak === null ? 'unknown' : `${peak.toFixed(0)} MB`} — ceiling < ${RSS_CEILING_MB} MB ${peak !== null && peak < RSS_CEILING_MB ? 'met' : 'NOT met'}`,
      ],
    };
  },
};
