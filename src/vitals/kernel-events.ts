/**
 * Kernel messages worth a responder's attention, read from the tail of `dmesg`. The hypervisor
 * trouble of the incident shows up here before anywhere else: soft lockups and RCU stalls when the
 * VM's CPUs stop being scheduled, hung tasks when its disk stops answering, NIC resets when its
 * virtual network card does.
 */
export type KernelEventKind = 'oom-kill' | 'hung-task' | 'soft-lockup' | 'hard-lockup' | 'rcu-stall' | 'nic-reset' | 'clocksource-unstable';

export interface KernelEvent {
  readonly kind: KernelEventKind;
  /** The process named by the message (OOM victim, hung task, the task on the locked CPU), or the NIC. */
  readonly subject: string | null;
  /** Seconds since boot from the `[   12.345678]` prefix; null when the line has none. */
  readonly atUptimeSeconds: number | null;
  readonly line: string;
}

export type KernelLog =
  | { readonly kind: 'read'; readonly events: readonly KernelEvent[] }
  /** dmesg_restrict=1 for a non-root login, or no dmesg on the host. */
  | { readonly kind: 'unreadable'; readonly reason: string };

interface EventPattern {
  readonly kind: KernelEventKind;
  readonly pattern: RegExp;
  /** Index of the capture group naming the subject. */
  readonly subjectGroup?: number;
}

const eventPatterns: readonly EventPattern[] = [
  // "Out of memory: Kill process 1 (beam.smp) score …" (older), "Out of memory: Killed process …" (newer), both also under "Memory cgroup".
  { kind: 'oom-kill', pattern: /Out of memory: Kill(?:ed)? process (\d+) \(([^)]+)\)/, subjectGroup: 2 },
  { kind: 'oom-kill', pattern: /^Killed process (\d+) \(([^)]+)\)/, subjectGroup: 2 },
  { kind: 'hung-task', pattern: /INFO: task (.+):(\d+) blocked for more than \d+ seconds/, subjectGroup: 1 },
  { kind: 'soft-lockup', pattern: /BUG: soft lockup - CPU#\d+ stuck for \d+s! \[(.+):\d+\]/, subjectGroup: 1 },
  { kind: 'hard-lockup', pattern: /Watchdog detected hard LOCKUP on cpu \d+/ },
  { kind: 'rcu-stall', pattern: /rcu\w*:? .*(?:self-detected stall|detected stalls? on CPUs?)/ },
  { kind: 'nic-reset', pattern: /NETDEV WATCHDOG: (\S+?):? (?:\([^)]*\): )?transmit (?:queue \d+ )?timed out/, subjectGroup: 1 },
  { kind: 'nic-reset', pattern: /(\S+): (?:Reset adapter|resetting)\b/, subjectGroup: 1 },
  { kind: 'clocksource-unstable', pattern: /Marking clocksource '(\w+)' as unstable/, subjectGroup: 1 },
];

/** `[  12.345678] text`, optionally after busybox's `<6>` priority. */
const timestamped = /^(?:<\d+>)?\[\s*(\d+\.\d+)\]\s?(.*)$/;

const unreadablePatterns = [/read kernel buffer failed/i, /Operation not permitted/i, /dmesg: (?:command )?not found/i, /klogctl/i];

export function parseKernelLog(text: string): KernelLog {
  const trimmed = text.trim();
  const firstLine = trimmed.split('\n')[0] ?? '';
  if (unreadablePatterns.some((p) => p.test(firstLine)) && !timestamped.test(firstLine)) return { kind: 'unreadable', reason: firstLine };
  const events: KernelEvent[] = [];
  const oomVictims = new Set<string>();
  for (const raw of trimmed.split('\n')) {
    const stamped = timestamped.exec(raw);
    const message = (stamped ? stamped[2] : raw)?.trim() ?? '';
    const atUptimeSeconds = stamped ? Number(stamped[1]) : null;
    for (const { kind, pattern, subjectGroup } of eventPatterns) {
      const match = pattern.exec(message);
      if (!match) continue;
      const subject = subjectGroup === undefined ? null : (match[subjectGroup] ?? null);
      // One OOM kill prints "Out of memory: Kill process N" and then "Killed process N": count it once.
      if (kind === 'oom-kill') {
        const pid = match[1] as string;
        if (oomVictims.has(pid)) break;
        oomVictims.add(pid);
      }
      events.push({ kind, subject, atUptimeSeconds, line: message });
      break;
    }
  }
  return { kind: 'read', events };
}

/** The Erlang VM RabbitMQ runs in. */
export const isBeamProcess = (name: string | null): boolean => name !== null && /^beam(\.smp)?$/.test(name);
