/** Human formats for replies. Unknown values print as "unknown", never as 0. */
export function formatBytes(bytes: number | null): string {
  if (bytes === null) return 'unknown';
  const sign = bytes < 0 ? '-' : '';
  let value = Math.abs(bytes);
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${sign}${unit === 0 ? value : value.toFixed(1)} ${units[unit]}`;
}

export function formatDuration(seconds: number | null): string {
  if (seconds === null) return 'unknown';
  const s = Math.floor(seconds);
  const d = Math.floor(s / 86400);
  const h = Math.floor((s % 86400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  if (d > 0) return `${d}d ${h}h`;
  if (h > 0) return `${h}h ${m}m`;
  if (m > 0) return `${m}m ${s % 60}s`;
  return `${s}s`;
}

export function formatMs(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

export function formatUsedOfLimit(used: number | null, limit: number | null, unit: (n: number | null) => string = (n) => (n === null ? 'unknown' : String(n))): string {
  if (used === null && limit === null) return 'unknown';
  const percent = used !== null && limit !== null && limit > 0 ? ` (${Math.round((used / limit) * 100)}%)` : '';
  return `${unit(used)} of ${unit(limit)}${percent}`;
}
