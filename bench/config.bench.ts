import { parseConfigText } from '../src/config/load-config';
import type { Benchmark } from './types';

/** A config with one map of N keys: the shape that made duplicate-key checking quadratic (71 s for 80k). */
function manyKeys(n: number): string {
  const lines = Array.from({ length: n }, (_, i) => `  k${i}: v${i}`);
  return ['clusters: []', 'extra:', ...lines, ''].join('\n');
}

const sizes = [20_000, 40_000, 80_000] as const;

export const configBenchmark: Benchmark = {
  name: 'config',
  run: async (log) => {
    const rows: string[][] = [];
    parseConfigText(manyKeys(1_000), 'warm-up.yml');
    for (const n of sizes) {
      const text = manyKeys(n);
      const started = performance.now();
      parseConfigText(text, `${n}-keys.yml`);
      const seconds = (performance.now() - started) / 1000;
      log(`${n} keys: ${seconds.toFixed(2)} s`);
      rows.push([String(n), (text.length / 1024).toFixed(0), seconds.toFixed(2), ((seconds * 1_000_000) / n).toFixed(1)]);
    }
    return {
      title: 'Config validation time by size (parseConfigText, one map of N keys)',
      columns: ['keys', 'KB', 'seconds', 'µs per key'],
      rows,
      notes: ['Linear when µs per key stays flat as the size doubles; files over 1 MiB are refused before parsing anyway.'],
    };
  },
};
