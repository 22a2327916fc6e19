import type { KernelLog } from './kernel-events';
import type { DiskUse } from './parse-df';
import type { MemoryInfo } from './parse-meminfo';
import type { CpuShares } from './parse-proc-stat';
import type { LoadAverage } from './parse-proc-basics';

/**
 * What one vitals call said about a host. Every value is null when its source was missing or
 * unreadable: "unknown" is shown as such, never as 0.
 */
export interface HostVitals {
  readonly uptimeSeconds: number | null;
  readonly load: LoadAverage | null;
  readonly cpuCount: number | null;
  /** Between the two samples. */
  readonly cpu: CpuShares | null;
  readonly memory: MemoryInfo | null;
  readonly disk: DiskUse | null;
  /** What df said instead of a usage line (no such dir, permission denied). */
  readonly diskProblem: string | null;
  readonly tcp: TcpVitals;
  readonly clock: ClockOffset | null;
  /** Null when the output never reached the dmesg section. */
  readonly kernel: KernelLog | null;
  /** Seconds between the two counter samples, from /proc/uptime. */
  readonly sampleSeconds: number | null;
}

export interface TcpVitals {
  readonly states: Readonly<Record<string, number>> | null;
  readonly timeWait: number | null;
  readonly orphans: number | null;
  readonly retransmitsPerSecond: number | null;
  /** Retransmitted segments per 100 segments sent between the samples; null when too few were sent to say. */
  readonly retransmitPercent: number | null;
  /** Since boot: TCP backs off to seconds between retries on a stalled link, so one short sample can hold none while this keeps growing. */
  readonly retransmitsTotal: number | null;
  readonly listenOverflowsPerSecond: number | null;
  readonly listenDropsPerSecond: number | null;
  /** Since boot: a non-zero total with a zero rate is history, not an ongoing problem. */
  readonly listenDropsTotal: number | null;
}

/**
 * The node's clock minus the bot's. The node read its clock at some moment between the bot sending
 * the command and receiving the answer (minus the script's own run time); the estimate is the middle
 * of that window and `uncertaintySeconds` its half width.
 */
export interface ClockOffset {
  readonly offsetSeconds: number;
  readonly uncertaintySeconds: number;
}
