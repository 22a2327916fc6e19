export interface DiskUse {
  readonly filesystem: string;
  readonly mountedOn: string;
  readonly totalBytes: number;
  readonly availableBytes: number;
  readonly usedPercent: number;
}

/**
 * `df -P -k PATH`: a header, then one line (POSIX keeps it on one line even for long device names).
 * The mount point is the last field and may contain spaces, so fields are read from the left.
 */
export function parseDf(text: string): DiskUse | null {
  const lines = text.split('\n').filter((l) => l.trim() !== '');
  const header = lines.findIndex((l) => /^Filesystem\s/.test(l));
  const line = header === -1 ? undefined : lines[header + 1];
  if (line === undefined) return null;
  const match = /^(\S+)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)%\s+(.+)$/.exec(line);
  if (!match) return null;
  return {
    filesystem: match[1] as string,
    totalBytes: Number(match[2]) * 1024,
    availableBytes: Number(match[4]) * 1024,
    usedPercent: Number(match[5]),
    mountedOn: match[6] as string,
  };
}
