import { readTextAlarm } from '../alarm-name';
import type { NodeStatus, UsedLimit } from '../model';
import { readPrintedSize, type PrintedSize } from '../size-units';
import { sectionLines, splitTextSections } from '../text-sections';

const SIZE = String.raw`(-?\d+(?:\.\d+)?) (bytes|kb|mb|gb|tb|kilobytes|megabytes|gigabytes|terabytes)`;
const LINE_PATTERNS = {
  uptime: /^Uptime \(seconds\): (\d+)$/,
  version: /^RabbitMQ version: (\S+)$/,
  node: /^Node name: (\S+)$/,
  erlang: /^Erlang configuration: (.+)$/,
  processes: /^Erlang processes: (\d+) used, (\d+) limit$/,
  memoryTotal: new RegExp(`^Total memory used: ${SIZE}$`),
  memoryLimit: new RegExp(`^Memory high watermark setting: .*, computed to: ${SIZE}$`),
  memoryCategory: new RegExp(`^([a-z_]+): ${SIZE} \\(-?[\\d.]+ %\\)$`),
  fileDescriptors: /^Total: (\d+), limit: (\d+)$/,
  sockets: /^Sockets: (\d+), limit: (\d+)$/,
  diskLimit: new RegExp(`^Low free disk space watermark: ${SIZE}$`),
  diskFree: new RegExp(`^Free disk space: ${SIZE}$`),
} as const;

type LineKey = keyof typeof LINE_PATTERNS;

/** The first match of each pattern; 3.8+ text prints each of these lines once per node. */
function firstMatches(lines: readonly string[]): Partial<Record<LineKey, RegExpExecArray>> {
  const found: Partial<Record<LineKey, RegExpExecArray>> = {};
  for (const line of lines) {
    for (const key of Object.keys(LINE_PATTERNS) as LineKey[]) {
      if (key === 'memoryCategory' || found[key] !== undefined) continue;
      const match = LINE_PATTERNS[key].exec(line);
      if (match) found[key] = match;
    }
  }
  return found;
}

function usedLimit(match: RegExpExecArray | undefined): UsedLimit {
  return match === undefined ? { used: null, limit: null } : { used: Number(match[1]), limit: Number(match[2]) };
}

function size(match: RegExpExecArray | undefined, sizes: PrintedSize[], offset = 1): number | null {
  if (match === undefined) return null;
  const printed = readPrintedSize(match[offset] as string, match[offset + 1] as string);
  if (printed === null) return null;
  sizes.push(printed);
  return printed.bytes;
}

/**
 * Reads the 3.8+ human-readable `status`. Sizes there are rounded by the CLI: they are converted to
 * bytes as printed, and `byteResolution` records how coarse the print was.
 */
export function statusFromText(payload: string, bannerNode: string | null): NodeStatus | null {
  const sections = splitTextSections(payload);
  const lines = sections.flatMap((section) => section.lines);
  const found = firstMatches(lines);
  if (Object.keys(found).length === 0) return null;
  const sizes: PrintedSize[] = [];
  // A paste may start inside the Memory section, above any heading.
  const memoryLines = sectionLines(sections, 'Memory') ?? sections[0]?.lines ?? [];
  const breakdown = Object.fromEntries(
    memoryLines.flatMap((line) => {
      const category = LINE_PATTERNS.memoryCategory.exec(line);
      const bytes = size(category ?? undefined, sizes, 2);
      return category && bytes !== null ? [[category[1] as string, bytes] as const] : [];
    }),
  );
  const alarmLines = sectionLines(sections, 'Alarms');
  const status: NodeStatus = {
    node: bannerNode ?? found.node?.[1] ?? null,
    rabbitmqVersion: found.version?.[1] ?? null,
    erlangVersion: found.erlang?.[1]?.trim() ?? null,
    uptimeSeconds: found.uptime === undefined ? null : Number(found.uptime[1]),
    memory: { totalBytes: size(found.memoryTotal, sizes), limitBytes: size(found.memoryLimit, sizes), breakdown },
    alarms: alarmLines === null ? null : [...new Set(alarmLines.flatMap((line) => readTextAlarm(line)?.name ?? []))],
    fileDescriptors: usedLimit(found.fileDescriptors),
    sockets: usedLimit(found.sockets),
    processes: usedLimit(found.processes),
    disk: { freeBytes: size(found.diskFree, sizes), limitBytes: size(found.diskLimit, sizes) },
    format: 'text',
    // Runtime opens the output and Listeners closes it; a paste holding both was not cut.
    complete: sectionLines(sections, 'Runtime') !== null && sectionLines(sections, 'Listeners') !== null,
  };
  const resolution = Math.max(0, ...sizes.map((printed) => printed.resolution));
  return resolution > 0 ? { ...status, byteResolution: resolution } : status;
}
