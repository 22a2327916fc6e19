import type { PlainValue } from './erlang-term/term-to-plain';

const ALARM_NAMES: Readonly<Record<string, string>> = {
  memory: 'memory',
  disk: 'disk',
  file_descriptor_limit: 'file_descriptor_limit',
  file_descriptors: 'file_descriptor_limit',
};

export interface NamedAlarm {
  readonly name: string;
  /** The node the alarm names, when the alarm carries one. */
  readonly node: string | null;
}

/**
 * Reads one alarm in any of the shapes rabbitmqctl prints: `file_descriptor_limit`,
 * `{resource_limit,memory,Node}`, `{{resource_limit,disk,Node},[]}` (as plain arrays), or the 3.8+
 * JSON map `{"type":"resource_limit","resource":"memory","node":…}`. Unknown resources keep their name.
 */
export function readAlarm(alarm: PlainValue): NamedAlarm | null {
  if (typeof alarm === 'string') return { name: ALARM_NAMES[alarm] ?? alarm, node: null };
  if (Array.isArray(alarm)) {
    const [first, resource, node] = alarm as readonly PlainValue[];
    if (Array.isArray(first)) return readAlarm(first);
    if (first === 'resource_limit' && typeof resource === 'string') {
      return { name: ALARM_NAMES[resource] ?? resource, node: typeof node === 'string' ? node : null };
    }
    return null;
  }
  if (alarm !== null && typeof alarm === 'object') {
    const { resource, node } = alarm as { readonly [key: string]: PlainValue };
    if (typeof resource !== 'string') return null;
    return { name: ALARM_NAMES[resource] ?? resource, node: typeof node === 'string' ? node : null };
  }
  return null;
}

const TEXT_ALARM = /^(Memory|Free disk space|File descriptor limit) alarm on node (\S+)$/;
const TEXT_ALARM_NAMES: Readonly<Record<string, string>> = {
  Memory: 'memory',
  'Free disk space': 'disk',
  'File descriptor limit': 'file_descriptor_limit',
};

/** Reads an alarm line of the 3.8+ text output (`Memory alarm on node rabbit@x`). */
export function readTextAlarm(line: string): NamedAlarm | null {
  const match = TEXT_ALARM.exec(line.trim());
  if (!match) return null;
  return { name: TEXT_ALARM_NAMES[match[1] as string] as string, node: match[2] as string };
}
