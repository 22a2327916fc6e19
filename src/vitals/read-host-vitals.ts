import type { ClockOffset, HostVitals, TcpVitals } from './host-vitals';
import { parseKernelLog } from './kernel-events';
import { parseDf } from './parse-df';
import { parseMeminfo } from './parse-meminfo';
import { parseNetCounters, parseSockstat, parseTcpStateCounts, type NetCounters } from './parse-net-counters';
import { parseEpochSeconds, parseLoadavg, parseNproc, parseUptime } from './parse-proc-basics';
import { cpuSharesBetween, parseCpuTimes } from './parse-proc-stat';
import { splitVitalsSections, type VitalsSections } from './split-sections';

/** When the bot sent the vitals command and when the answer arrived, in Unix seconds of the bot's clock. */
export interface CallWindow {
  readonly sentAtSeconds: number;
  readonly receivedAtSeconds: number;
}

/** Below this many segments sent in the sample a retransmit share says nothing. */
const MIN_SEGMENTS_FOR_SHARE = 100;

const parsedOr = <T>(sections: VitalsSections, name: string, parse: (text: string) => T | null): T | null => {
  const text = sections.get(name);
  return text === undefined ? null : parse(text);
};

function counterDelta(before: NetCounters, after: NetCounters, name: string): number | null {
  const a = before.get(name);
  const b = after.get(name);
  return a === undefined || b === undefined || b < a ? null : b - a;
}

function tcpVitals(sections: VitalsSections, sampleSeconds: number | null): TcpVitals {
  const counters = (sample: 1 | 2) =>
    new Map([...parseNetCounters(sections.get(`${sample} /proc/net/snmp`) ?? ''), ...parseNetCounters(sections.get(`${sample} /proc/net/netstat`) ?? '')]);
  const before = counters(1);
  const after = counters(2);
  const perSecond = (name: string) => {
    const delta = counterDelta(before, after, name);
    return delta === null || sampleSeconds === null || sampleSeconds <= 0 ? null : delta / sampleSeconds;
  };
  const retransmitted = counterDelta(before, after, 'Tcp.RetransSegs');
  const sent = counterDelta(before, after, 'Tcp.OutSegs');
  const sockstat = parsedOr(sections, '1 /proc/net/sockstat', parseSockstat);
  return {
    states: parsedOr(sections, 'tcp-states', parseTcpStateCounts),
    timeWait: sockstat?.timeWait ?? null,
    orphans: sockstat?.orphans ?? null,
    retransmitsPerSecond: perSecond('Tcp.RetransSegs'),
    retransmitPercent: retransmitted !== null && sent !== null && sent >= MIN_SEGMENTS_FOR_SHARE ? (retransmitted / sent) * 100 : null,
    retransmitsTotal: after.get('Tcp.RetransSegs') ?? before.get('Tcp.RetransSegs') ?? null,
    listenOverflowsPerSecond: perSecond('TcpExt.ListenOverflows'),
    listenDropsPerSecond: perSecond('TcpExt.ListenDrops'),
    listenDropsTotal: after.get('TcpExt.ListenDrops') ?? before.get('TcpExt.ListenDrops') ?? null,
  };
}

function clockOffset(sections: VitalsSections, window: CallWindow): ClockOffset | null {
  const start = parsedOr(sections, 'clock-start', parseEpochSeconds);
  const end = parsedOr(sections, 'clock-end', parseEpochSeconds);
  if (start === null || end === null || end < start) return null;
  // The node read `start` no earlier than the bot sent the command, and no later than the answer
  // arrived minus the time the script spent between its two clock reads.
  const latest = window.receivedAtSeconds - (end - start);
  const earliest = Math.min(window.sentAtSeconds, latest);
  const middle = (earliest + latest) / 2;
  return { offsetSeconds: start - middle, uncertaintySeconds: (latest - earliest) / 2 };
}

/** Everything the vitals output says, parsed by pure functions; missing or malformed parts are null. */
export function readHostVitals(stdout: string, window: CallWindow): HostVitals {
  const sections = splitVitalsSections(stdout);
  const uptime1 = parsedOr(sections, '1 /proc/uptime', parseUptime);
  const uptime2 = parsedOr(sections, '2 /proc/uptime', parseUptime);
  const sampleSeconds = uptime1 !== null && uptime2 !== null && uptime2 > uptime1 ? uptime2 - uptime1 : null;
  const stat1 = parsedOr(sections, '1 /proc/stat', parseCpuTimes);
  const stat2 = parsedOr(sections, '2 /proc/stat', parseCpuTimes);
  const dfText = sections.get('df');
  const disk = dfText === undefined ? null : parseDf(dfText);
  return {
    uptimeSeconds: uptime2 ?? uptime1,
    load: parsedOr(sections, '1 /proc/loadavg', parseLoadavg),
    cpuCount: parsedOr(sections, 'nproc', parseNproc),
    cpu: stat1 && stat2 ? cpuSharesBetween(stat1, stat2) : null,
    memory: parsedOr(sections, '1 /proc/meminfo', parseMeminfo),
    disk,
    diskProblem: disk === null && dfText !== undefined && dfText !== '' ? (dfText.split('\n')[0] ?? null) : null,
    tcp: tcpVitals(sections, sampleSeconds),
    clock: clockOffset(sections, window),
    kernel: parsedOr(sections, 'dmesg', parseKernelLog),
    sampleSeconds,
  };
}
