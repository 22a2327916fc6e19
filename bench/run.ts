import { adversarialBenchmark } from './adversarial.bench';
import { analyzeBenchmark } from './analyze.bench';
import { configBenchmark } from './config.bench';
import { slackBenchmark } from './slack.bench';
import { statusBenchmark } from './status.bench';
import { storeBenchmark } from './store.bench';
import { timelineBenchmark } from './timeline.bench';
import type { Benchmark, BenchTable } from './types';
import { watchBenchmark } from './watch.bench';
import { watchLogsBenchmark } from './watch-logs.bench';

/**
 * `npm run bench [-- NAME…]`: runs the benchmarks one after another (they would only slow each
 * other down side by side), progress on stderr, each result as an aligned table on stdout.
 * Exit 0 when every benchmark ran (targets missed are reported in the notes), 1 when one failed,
 * 64 for an unknown name.
 */
const benchmarks: readonly Benchmark[] = [statusBenchmark, analyzeBenchmark, slackBenchmark, storeBenchmark, configBenchmark, adversarialBenchmark, watchBenchmark, timelineBenchmark, watchLogsBenchmark];

export function formatTable(table: BenchTable): string {
  const widths = table.columns.map((c, i) => Math.max(c.length, ...table.rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ').trimEnd();
  return [table.title, '', line(table.columns), line(widths.map((w) => '-'.repeat(w))), ...table.rows.map(line), '', ...table.notes.map((n) => `* ${n}`), ''].join('\n');
}

async function main(names: readonly string[]): Promise<number> {
  const unknown = names.filter((n) => !benchmarks.some((b) => b.name === n));
  if (unknown.length > 0) {
    process.stderr.write(`bench: no benchmark named ${unknown.join(', ')}; choose from ${benchmarks.map((b) => b.name).join(', ')}\n`);
    return 64;
  }
  const chosen = names.length === 0 ? benchmarks : benchmarks.filter((b) => names.includes(b.name));
  let failed = 0;
  for (const bench of chosen) {
    const started = performance.now();
    const log = (line: string) => process.stderr.write(`[${bench.name} ${((performance.now() - started) / 1000).toFixed(1)}s] ${line}\n`);
    log('start');
    try {
      const result = await bench.run(log);
      log('done');
      for (const table of Array.isArray(result) ? result : [result]) process.stdout.write(`${formatTable(table)}\n`);
    } catch (e) {
      failed++;
      log(`FAILED: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    }
  }
  return failed === 0 ? 0 : 1;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`bench: unexpected failure: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exitCode = 70;
  },
);
