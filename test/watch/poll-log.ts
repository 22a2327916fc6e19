/** Reads watch mode's poll log lines (pino JSON) back, for tests that assert on polling. */
export interface PollLogEntry {
  readonly msg: string;
  readonly pollId?: string;
  readonly cluster?: string;
  readonly time: number;
}

export function pollLog(lines: readonly string[]): PollLogEntry[] {
  return lines
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as PollLogEntry)
    .filter((entry) => entry.msg.startsWith('watch: '));
}

/** The most polls of one cluster that were running at once, from the start and finish lines in log order. */
export function maxConcurrentPolls(entries: readonly PollLogEntry[], cluster: string): number {
  let running = 0;
  let max = 0;
  for (const entry of entries) {
    if (entry.cluster !== cluster) continue;
    if (entry.msg === 'watch: poll started') max = Math.max(max, ++running);
    else if (entry.msg.startsWith('watch: poll finished')) running--;
  }
  return max;
}
