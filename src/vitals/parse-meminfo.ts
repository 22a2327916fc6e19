export interface MemoryInfo {
  readonly totalBytes: number;
  readonly availableBytes: number;
  /** Kernels before 3.14 have no MemAvailable; free + buffers + page cache stands in for it. */
  readonly availableEstimated: boolean;
  readonly swapTotalBytes: number;
  readonly swapUsedBytes: number;
}

/** `/proc/meminfo`: `Key:   value kB` lines. */
export function parseMeminfo(text: string): MemoryInfo | null {
  const kb = new Map<string, number>();
  for (const line of text.split('\n')) {
    const match = /^([A-Za-z0-9_()]+):\s+(\d+)(?:\s+kB)?\s*$/.exec(line);
    if (match) kb.set(match[1] as string, Number(match[2]) * 1024);
  }
  const total = kb.get('MemTotal');
  if (total === undefined || total <= 0) return null;
  const available = kb.get('MemAvailable');
  const estimate = ['MemFree', 'Buffers', 'Cached'].map((k) => kb.get(k));
  const estimated = estimate.every((v) => v !== undefined) ? estimate.reduce<number>((sum, v) => sum + (v ?? 0), 0) : undefined;
  const availableBytes = available ?? estimated;
  if (availableBytes === undefined) return null;
  const swapTotal = kb.get('SwapTotal') ?? 0;
  const swapFree = kb.get('SwapFree') ?? swapTotal;
  return { totalBytes: total, availableBytes, availableEstimated: available === undefined, swapTotalBytes: swapTotal, swapUsedBytes: Math.max(0, swapTotal - swapFree) };
}
