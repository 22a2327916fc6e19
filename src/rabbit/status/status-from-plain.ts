import { z } from 'zod';
import { readAlarm } from '../alarm-name';
import type { PlainValue } from '../erlang-term/term-to-plain';
import type { NodeStatus, OutputFormat, UsedLimit } from '../model';
import { byteCount, lenient, textValue, usedLimit, versionText } from '../plain-schemas';

/**
 * `rabbit:status()` as a plain object. The same keys arrive from 3.2–3.7 Erlang terms, from 3.7
 * JSON (the proplist rendered as JSON, strings as char-code lists) and from `--formatter erlang` on
 * 3.8+; 3.8+ JSON renames a few (`vm_memory_high_watermark_limit`, `rabbitmq_version`).
 */
const statusFields = z.looseObject({
  rabbitmq_version: lenient(versionText),
  running_applications: lenient(z.array(z.unknown())),
  erlang_version: lenient(textValue),
  uptime: lenient(byteCount),
  memory: lenient(z.record(z.string(), z.unknown())),
  vm_memory_calculation_strategy: lenient(textValue),
  vm_memory_limit: lenient(byteCount),
  vm_memory_high_watermark_limit: lenient(byteCount),
  alarms: lenient(z.array(z.unknown())),
  file_descriptors: lenient(z.record(z.string(), z.unknown())),
  processes: lenient(z.record(z.string(), z.unknown())),
  disk_free: lenient(byteCount),
  disk_free_limit: lenient(byteCount),
  listeners: lenient(z.array(z.unknown())),
});
type StatusFields = z.infer<typeof statusFields>;

const runningApplication = z.tuple([z.literal('rabbit'), z.unknown(), versionText]).rest(z.unknown());
const listenerNode = z.looseObject({ node: z.string() });

function rabbitVersion(fields: StatusFields): string | null {
  if (fields.rabbitmq_version !== undefined) return fields.rabbitmq_version;
  for (const application of fields.running_applications ?? []) {
    const rabbit = runningApplication.safeParse(application);
    if (rabbit.success) return rabbit.data[2];
  }
  return null;
}

function memoryTotal(memory: Readonly<Record<string, unknown>>, strategy: string | undefined): number | null {
  const total = memory['total'];
  if (typeof total === 'number') return total;
  // 3.7+ reports the total per calculation strategy; the node enforces its limit on the chosen one.
  const byStrategy = z.record(z.string(), z.number()).safeParse(total);
  if (!byStrategy.success) return null;
  const chosen = strategy ?? (typeof memory['strategy'] === 'string' ? memory['strategy'] : 'rss');
  return byStrategy.data[chosen] ?? null;
}

function memoryBreakdown(memory: Readonly<Record<string, unknown>>): Record<string, number> {
  return Object.fromEntries(
    Object.entries(memory).filter((entry): entry is [string, number] => entry[0] !== 'total' && typeof entry[1] === 'number'),
  );
}

function alarmNames(alarms: readonly unknown[] | undefined): string[] | null {
  if (alarms === undefined) return null;
  const names = alarms.flatMap((alarm) => readAlarm(alarm as PlainValue)?.name ?? []);
  return [...new Set(names)];
}

/** 3.8+ JSON has no node field, but every listener names the node it belongs to. */
function nodeFromListeners(listeners: readonly unknown[] | undefined): string | null {
  const nodes = new Set((listeners ?? []).flatMap((listener) => listenerNode.safeParse(listener).data?.node ?? []));
  return nodes.size === 1 ? ([...nodes][0] as string) : null;
}

function readUsedLimit(value: unknown, usedKey: string, limitKey: string): UsedLimit {
  return usedLimit(usedKey, limitKey).safeParse(value).data ?? { used: null, limit: null };
}

function hasAnyStatusField(fields: StatusFields): boolean {
  return Object.keys(statusFields.shape).some((key) => fields[key as keyof StatusFields] !== undefined);
}

export interface StatusSource {
  readonly format: OutputFormat;
  readonly complete: boolean;
  readonly bannerNode: string | null;
}

/** Reads a NodeStatus from `rabbit:status()` in plain form; null when none of its fields is there. */
export function statusFromPlain(plain: PlainValue, source: StatusSource): NodeStatus | null {
  const parsed = statusFields.safeParse(plain);
  if (!parsed.success || !hasAnyStatusField(parsed.data)) return null;
  const fields = parsed.data;
  const memory = fields.memory ?? {};
  return {
    node: source.bannerNode ?? nodeFromListeners(fields.listeners),
    rabbitmqVersion: rabbitVersion(fields),
    erlangVersion: fields.erlang_version?.trim() ?? null,
    uptimeSeconds: fields.uptime ?? null,
    memory: {
      totalBytes: fields.memory === undefined ? null : memoryTotal(memory, fields.vm_memory_calculation_strategy),
      limitBytes: fields.vm_memory_limit ?? fields.vm_memory_high_watermark_limit ?? null,
      breakdown: memoryBreakdown(memory),
    },
    alarms: alarmNames(fields.alarms),
    fileDescriptors: readUsedLimit(fields.file_descriptors, 'total_used', 'total_limit'),
    sockets: readUsedLimit(fields.file_descriptors, 'sockets_used', 'sockets_limit'),
    processes: readUsedLimit(fields.processes, 'used', 'limit'),
    disk: { freeBytes: fields.disk_free ?? null, limitBytes: fields.disk_free_limit ?? null },
    format: source.format,
    complete: source.complete,
  };
}
