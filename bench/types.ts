/** One benchmark's result, printed as a table by bench/run.ts. */
export interface BenchTable {
  readonly title: string;
  readonly columns: readonly string[];
  readonly rows: readonly (readonly string[])[];
  /** Target lines, e.g. "target: ≥ 2.5× — met". */
  readonly notes: readonly string[];
}

export interface Benchmark {
  readonly name: string;
  /** One table, or several for a benchmark that measures more than one thing. */
  readonly run: (log: (line: string) => void) => Promise<BenchTable | readonly BenchTable[]>;
}
