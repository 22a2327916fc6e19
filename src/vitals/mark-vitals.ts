import { formatBytes, formatDuration } from '../reply/format';
import type { StatusMark } from '../reply/model';
import type { HostVitals } from './host-vitals';
import { isBeamProcess, type KernelEvent } from './kernel-events';
import type { VitalsConfig } from './vitals-config';

export type VitalKey = 'uptime' | 'load' | 'steal' | 'iowait' | 'memory' | 'swap' | 'disk' | 'tcp-sockets' | 'retransmits' | 'listen-drops' | 'clock' | 'kernel';

/** One value of a host, ready to show: its words, its mark, and the threshold that decided the mark. */
export interface VitalReading {
  readonly key: VitalKey;
  readonly label: string;
  readonly value: string;
  readonly mark: StatusMark;
  readonly threshold: string | null;
}

interface Pair {
  readonly warning: number;
  readonly critical: number;
}

const atOrAbove = (value: number, t: Pair): StatusMark => (value >= t.critical ? 'critical' : value >= t.warning ? 'warning' : 'ok');
const atOrBelow = (value: number, t: Pair): StatusMark => (value <= t.critical ? 'critical' : value <= t.warning ? 'warning' : 'ok');
const fixed = (n: number, digits = 1) => n.toFixed(digits);
const above = (t: Pair, unit = '') => `warning ≥ ${t.warning}${unit}, critical ≥ ${t.critical}${unit}`;
const below = (t: Pair, unit = '') => `warning ≤ ${t.warning}${unit}, critical ≤ ${t.critical}${unit}`;
const unknown = (key: VitalKey, label: string, why = 'unknown'): VitalReading => ({ key, label, value: why, mark: 'unknown', threshold: null });

/** Events that say the VM stopped being scheduled or its storage stopped answering. */
const stallKinds: ReadonlySet<KernelEvent['kind']> = new Set(['hung-task', 'soft-lockup', 'hard-lockup', 'rcu-stall']);

function kernelReading(v: HostVitals, config: VitalsConfig): VitalReading {
  const label = 'Kernel warnings';
  if (v.kernel === null) return unknown('kernel', label);
  if (v.kernel.kind === 'unreadable') return unknown('kernel', label, `unknown: dmesg not readable (${v.kernel.reason})`);
  const { events } = v.kernel;
  if (events.length === 0) return { key: 'kernel', label, value: 'none in the ring buffer', mark: 'ok', threshold: null };
  const recentSeconds = config.recentKernelEventMinutes * 60;
  const isRecent = (e: KernelEvent) => e.atUptimeSeconds === null || v.uptimeSeconds === null || v.uptimeSeconds - e.atUptimeSeconds <= recentSeconds;
  const serious = (e: KernelEvent) => stallKinds.has(e.kind) || (e.kind === 'oom-kill' && isBeamProcess(e.subject));
  const mark: StatusMark = events.some((e) => isRecent(e) && serious(e)) ? 'critical' : 'warning';
  const counts = new Map<string, number>();
  for (const e of events) {
    const name = e.kind === 'oom-kill' ? `OOM kill of ${e.subject ?? 'a process'}` : e.kind.replace('-', ' ');
    counts.set(name, (counts.get(name) ?? 0) + 1);
  }
  const last = events[events.length - 1] as KernelEvent;
  const ago = last.atUptimeSeconds !== null && v.uptimeSeconds !== null ? `, last ${formatDuration(Math.max(0, v.uptimeSeconds - last.atUptimeSeconds))} ago` : '';
  const value = `${[...counts].map(([name, n]) => (n > 1 ? `${name} ×${n}` : name)).join(', ')}${ago}`;
  return { key: 'kernel', label, value, mark, threshold: `critical when a stall or an OOM kill of beam is younger than ${config.recentKernelEventMinutes} min` };
}

/** Marks every value of one host against the configured thresholds. Unknown values are marked unknown, never ok. */
export function markVitals(v: HostVitals, config: VitalsConfig): VitalReading[] {
  const t = config.thresholds;
  const readings: VitalReading[] = [];

  readings.push(
    v.uptimeSeconds === null
      ? unknown('uptime', 'Host uptime')
      : { key: 'uptime', label: 'Host uptime', value: formatDuration(v.uptimeSeconds), mark: atOrBelow(v.uptimeSeconds / 60, t.uptimeMinutes), threshold: below(t.uptimeMinutes, ' min') },
  );

  if (v.load === null || v.cpuCount === null) readings.push(unknown('load', 'Load'));
  else {
    const perCpu = v.load.one / v.cpuCount;
    readings.push({ key: 'load', label: 'Load', value: `${fixed(v.load.one, 2)} ${fixed(v.load.five, 2)} ${fixed(v.load.fifteen, 2)} on ${v.cpuCount} CPUs (${fixed(perCpu, 2)} per CPU)`, mark: atOrAbove(perCpu, t.loadPerCpu), threshold: above(t.loadPerCpu, ' per CPU') });
  }

  if (v.cpu === null) readings.push(unknown('steal', 'CPU steal'), unknown('iowait', 'CPU iowait'));
  else {
    readings.push(
      { key: 'steal', label: 'CPU steal', value: `${fixed(v.cpu.stealPercent)}% (busy ${fixed(v.cpu.busyPercent)}%)`, mark: atOrAbove(v.cpu.stealPercent, t.stealPercent), threshold: above(t.stealPercent, '%') },
      { key: 'iowait', label: 'CPU iowait', value: `${fixed(v.cpu.iowaitPercent)}%`, mark: atOrAbove(v.cpu.iowaitPercent, t.iowaitPercent), threshold: above(t.iowaitPercent, '%') },
    );
  }

  if (v.memory === null) readings.push(unknown('memory', 'Memory available'), unknown('swap', 'Swap used'));
  else {
    const m = v.memory;
    const availablePercent = (m.availableBytes / m.totalBytes) * 100;
    readings.push({
      key: 'memory',
      label: 'Memory available',
      value: `${formatBytes(m.availableBytes)} of ${formatBytes(m.totalBytes)} (${fixed(availablePercent, 0)}%)${m.availableEstimated ? ', estimated: this kernel has no MemAvailable' : ''}`,
      mark: atOrBelow(availablePercent, t.memoryAvailablePercent),
      threshold: below(t.memoryAvailablePercent, '%'),
    });
    if (m.swapTotalBytes === 0) readings.push({ key: 'swap', label: 'Swap used', value: 'no swap', mark: 'ok', threshold: null });
    else {
      const swapPercent = (m.swapUsedBytes / m.swapTotalBytes) * 100;
      readings.push({ key: 'swap', label: 'Swap used', value: `${formatBytes(m.swapUsedBytes)} of ${formatBytes(m.swapTotalBytes)} (${fixed(swapPercent, 0)}%)`, mark: atOrAbove(swapPercent, t.swapUsedPercent), threshold: above(t.swapUsedPercent, '%') });
    }
  }

  const diskLabel = `Disk of ${config.dataDir}`;
  if (v.disk === null) readings.push(unknown('disk', diskLabel, v.diskProblem === null ? 'unknown' : `unknown: ${v.diskProblem}`));
  else readings.push({ key: 'disk', label: diskLabel, value: `${v.disk.usedPercent}% used, ${formatBytes(v.disk.availableBytes)} free on ${v.disk.mountedOn}`, mark: atOrAbove(v.disk.usedPercent, t.diskUsedPercent), threshold: above(t.diskUsedPercent, '%') });

  const { tcp } = v;
  if (tcp.states === null) readings.push(unknown('tcp-sockets', 'TCP sockets'));
  else {
    const ordered = Object.entries(tcp.states).sort(([, a], [, b]) => b - a);
    const closeWait = tcp.states['CLOSE_WAIT'] ?? 0;
    readings.push({ key: 'tcp-sockets', label: 'TCP sockets', value: ordered.map(([state, n]) => `${state} ${n}`).join(', ') || 'none', mark: atOrAbove(closeWait, t.closeWaitSockets), threshold: `CLOSE_WAIT ${above(t.closeWaitSockets)}` });
  }

  if (tcp.retransmitsPerSecond === null) readings.push(unknown('retransmits', 'TCP retransmits'));
  else {
    const share = tcp.retransmitPercent === null ? 'too little traffic to judge' : `${fixed(tcp.retransmitPercent, 2)}% of segments sent`;
    readings.push({ key: 'retransmits', label: 'TCP retransmits', value: `${fixed(tcp.retransmitsPerSecond)}/s (${share}; ${tcp.retransmitsTotal ?? 'unknown'} since boot)`, mark: tcp.retransmitPercent === null ? 'ok' : atOrAbove(tcp.retransmitPercent, t.retransmitPercent), threshold: above(t.retransmitPercent, '% of segments') });
  }

  if (tcp.listenDropsPerSecond === null) readings.push(unknown('listen-drops', 'Listen queue drops'));
  else {
    const overflows = tcp.listenOverflowsPerSecond === null ? '' : `, overflows ${fixed(tcp.listenOverflowsPerSecond)}/s`;
    readings.push({ key: 'listen-drops', label: 'Listen queue drops', value: `${fixed(tcp.listenDropsPerSecond)}/s${overflows} (${tcp.listenDropsTotal ?? 'unknown'} since boot)`, mark: atOrAbove(tcp.listenDropsPerSecond, t.listenDropsPerSecond), threshold: above(t.listenDropsPerSecond, '/s') });
  }

  if (v.clock === null) readings.push(unknown('clock', 'Clock offset'));
  else {
    // Judge the smallest offset consistent with the measurement, so a slow SSH round trip never looks like skew.
    const atLeast = Math.max(0, Math.abs(v.clock.offsetSeconds) - v.clock.uncertaintySeconds);
    const sign = v.clock.offsetSeconds >= 0 ? 'ahead of' : 'behind';
    readings.push({ key: 'clock', label: 'Clock offset', value: `${fixed(Math.abs(v.clock.offsetSeconds), 2)} s ${sign} the bot (±${fixed(v.clock.uncertaintySeconds, 2)} s)`, mark: atOrAbove(atLeast, t.clockOffsetSeconds), threshold: above(t.clockOffsetSeconds, ' s') });
  }

  readings.push(kernelReading(v, config));
  return readings;
}
