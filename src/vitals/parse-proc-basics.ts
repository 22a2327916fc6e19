/** Single-value /proc files and tools. Each parser returns null for text that is not what it expects. */

const finite = (word: string | undefined): number | null => {
  if (word === undefined || !/^-?\d+(\.\d+)?$/.test(word)) return null;
  const value = Number(word);
  return Number.isFinite(value) ? value : null;
};

export interface LoadAverage {
  readonly one: number;
  readonly five: number;
  readonly fifteen: number;
}

/** `/proc/loadavg`: `0.02 0.04 0.05 1/497 11947`. */
export function parseLoadavg(text: string): LoadAverage | null {
  const [one, five, fifteen] = text.trim().split(/\s+/).map(finite);
  if (one == null || five == null || fifteen == null) return null;
  return { one, five, fifteen };
}

/** `/proc/uptime`: seconds since boot, then idle seconds summed over CPUs. */
export function parseUptime(text: string): number | null {
  return finite(text.trim().split(/\s+/)[0]);
}

/** `nproc`: the CPUs this process may use (cgroup and affinity limits included). */
export function parseNproc(text: string): number | null {
  const value = finite(text.trim());
  return value !== null && Number.isInteger(value) && value > 0 ? value : null;
}

/** `date +%s.%N`: Unix seconds with nanoseconds. Some busybox dates print a literal `%N`. */
export function parseEpochSeconds(text: string): number | null {
  const match = /^(\d+)(?:\.(\d+))?$/.exec(text.trim());
  if (!match) return null;
  return Number(match[1]) + (match[2] ? Number(`0.${match[2]}`) : 0);
}
