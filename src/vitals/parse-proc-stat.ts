/** The aggregate `cpu` line of /proc/stat, in jiffies since boot (see proc(5)). */
export interface CpuTimes {
  readonly user: number;
  readonly nice: number;
  readonly system: number;
  readonly idle: number;
  readonly iowait: number;
  readonly irq: number;
  readonly softirq: number;
  /** Time a hypervisor ran something else while this VM wanted the CPU; 0 on kernels before 2.6.11. */
  readonly steal: number;
}

/**
 * Reads the first `cpu ` line. Columns after steal (guest, guest_nice) are already counted in user
 * and nice, so they are left out of the total.
 */
export function parseCpuTimes(text: string): CpuTimes | null {
  const line = text.split('\n').find((l) => /^cpu\s/.test(l));
  if (line === undefined) return null;
  const words = line.trim().split(/\s+/).slice(1);
  if (words.length < 4 || !words.every((w) => /^\d+$/.test(w))) return null;
  const at = (i: number) => Number(words[i] ?? 0);
  return { user: at(0), nice: at(1), system: at(2), idle: at(3), iowait: at(4), irq: at(5), softirq: at(6), steal: at(7) };
}

const totalOf = (t: CpuTimes) => t.user + t.nice + t.system + t.idle + t.iowait + t.irq + t.softirq + t.steal;

export interface CpuShares {
  /** Percent of all CPU time between the samples. */
  readonly stealPercent: number;
  readonly iowaitPercent: number;
  /** Everything but idle, iowait and steal. */
  readonly busyPercent: number;
}

/** Shares of the time between two samples; null when no time passed or a counter went backwards (reboot between samples). */
export function cpuSharesBetween(before: CpuTimes, after: CpuTimes): CpuShares | null {
  const elapsed = totalOf(after) - totalOf(before);
  if (elapsed <= 0) return null;
  const delta = (key: keyof CpuTimes) => after[key] - before[key];
  const keys: (keyof CpuTimes)[] = ['user', 'nice', 'system', 'idle', 'iowait', 'irq', 'softirq', 'steal'];
  if (keys.some((k) => delta(k) < 0)) return null;
  const percent = (n: number) => (n / elapsed) * 100;
  return {
    stealPercent: percent(delta('steal')),
    iowaitPercent: percent(delta('iowait')),
    busyPercent: percent(delta('user') + delta('nice') + delta('system') + delta('irq') + delta('softirq')),
  };
}
