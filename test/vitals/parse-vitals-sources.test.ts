import { execFileSync } from 'node:child_process';
import { readFixture } from '../helpers/fixtures';
import { parseKernelLog } from '../../src/vitals/kernel-events';
import { parseDf } from '../../src/vitals/parse-df';
import { parseMeminfo } from '../../src/vitals/parse-meminfo';
import { parseNetCounters, parseSockstat, parseTcpStateCounts } from '../../src/vitals/parse-net-counters';
import { parseEpochSeconds, parseLoadavg, parseNproc, parseUptime } from '../../src/vitals/parse-proc-basics';
import { cpuSharesBetween, parseCpuTimes } from '../../src/vitals/parse-proc-stat';
import { splitVitalsSections } from '../../src/vitals/split-sections';
import { TCP_STATE_COUNT_PROGRAM } from '../../src/vitals/vitals-command';

const thisVm = splitVitalsSections(readFixture('vitals/this-vm-linux-6.18-vitals-output.txt'));
const section = (name: string): string => {
  const text = thisVm.get(name);
  if (text === undefined) throw new Error(`the capture has no section ${name}`);
  return text;
};

describe('vitals sources captured on this machine (Linux 6.18)', () => {
  it('has every section of the script, both samples included', () => {
    expect([...thisVm.keys()]).toEqual([
      'clock-start', '1 /proc/uptime', '1 /proc/loadavg', '1 /proc/stat', '1 /proc/meminfo', '1 /proc/net/snmp', '1 /proc/net/netstat', '1 /proc/net/sockstat',
      'tcp-states', 'nproc', 'df', 'dmesg', '2 /proc/uptime', '2 /proc/stat', '2 /proc/net/snmp', '2 /proc/net/netstat', 'clock-end',
    ]);
  });

  it('reads load, uptime, CPU count and the clock', () => {
    expect(parseLoadavg(section('1 /proc/loadavg'))).toEqual(expect.objectContaining({ one: expect.any(Number), fifteen: expect.any(Number) }));
    expect(parseUptime(section('2 /proc/uptime'))! - parseUptime(section('1 /proc/uptime'))!).toBeGreaterThanOrEqual(1);
    expect(parseNproc(section('nproc'))).toBe(2);
    expect(parseEpochSeconds(section('clock-end'))! - parseEpochSeconds(section('clock-start'))!).toBeGreaterThanOrEqual(1);
  });

  it('computes CPU shares between the two /proc/stat samples that add up to at most 100%', () => {
    const shares = cpuSharesBetween(parseCpuTimes(section('1 /proc/stat'))!, parseCpuTimes(section('2 /proc/stat'))!);
    expect(shares).not.toBeNull();
    const { stealPercent, iowaitPercent, busyPercent } = shares!;
    expect(stealPercent + iowaitPercent + busyPercent).toBeLessThanOrEqual(100.0001);
    expect(stealPercent).toBeGreaterThanOrEqual(0);
  });

  it('reads MemAvailable, TCP counters by name, sockstat, state counts and df', () => {
    expect(parseMeminfo(section('1 /proc/meminfo'))).toMatchObject({ availableEstimated: false, totalBytes: expect.any(Number) });
    const snmp = parseNetCounters(section('1 /proc/net/snmp'));
    expect(snmp.get('Tcp.RetransSegs')).toEqual(expect.any(Number));
    expect(snmp.get('Tcp.OutSegs')).toBeGreaterThan(0);
    expect(parseNetCounters(section('1 /proc/net/netstat')).get('TcpExt.ListenDrops')).toEqual(expect.any(Number));
    expect(parseSockstat(section('1 /proc/net/sockstat'))).toEqual({ tcpInUse: expect.any(Number), orphans: 0, timeWait: expect.any(Number) });
    expect(parseTcpStateCounts(section('tcp-states'))).toMatchObject({ LISTEN: expect.any(Number) });
    expect(parseDf(section('df'))).toMatchObject({ filesystem: '/dev/vda', mountedOn: '/', usedPercent: expect.any(Number) });
  });

  it('reads the boot messages of this VM as readable and free of warnings', () => {
    expect(parseKernelLog(section('dmesg'))).toEqual({ kind: 'read', events: [] });
  });
});

describe('public samples from other kernels (prometheus/procfs test data)', () => {
  it('reads an 8-CPU /proc/stat and the load average', () => {
    expect(parseCpuTimes(readFixture('vitals/procfs-stat.txt'))).toEqual({ user: 301854, nice: 612, system: 111922, idle: 8979004, iowait: 3552, irq: 2, softirq: 3944, steal: 0 });
    expect(parseLoadavg(readFixture('vitals/procfs-loadavg.txt'))).toEqual({ one: 0.02, five: 0.04, fifteen: 0.05 });
  });

  it('estimates available memory on a kernel without MemAvailable and reports no swap', () => {
    expect(parseMeminfo(readFixture('vitals/procfs-meminfo.txt'))).toEqual({
      totalBytes: 15666184 * 1024,
      availableBytes: (440324 + 1020128 + 12007640) * 1024,
      availableEstimated: true,
      swapTotalBytes: 0,
      swapUsedBytes: 0,
    });
  });

  it('reads snmp and netstat of an older kernel by counter name', () => {
    const snmp = parseNetCounters(readFixture('vitals/procfs-net-snmp.txt'));
    expect(snmp.get('Tcp.RetransSegs')).toBe(348);
    expect(snmp.get('Tcp.OutSegs')).toBe(594855);
    expect(snmp.has('Ip.OutTransmits')).toBe(false);
    const netstat = parseNetCounters(readFixture('vitals/procfs-net-netstat.txt'));
    expect(netstat.get('TcpExt.ListenOverflows')).toBe(0);
    expect(netstat.get('TcpExt.DelayedACKs')).toBe(287);
  });

  it('reads sockstat', () => {
    expect(parseSockstat(readFixture('vitals/procfs-net-sockstat.txt'))).toEqual({ tcpInUse: 35, orphans: 0, timeWait: 4 });
  });

  it("counts states of /proc/net/tcp and tcp6 with the script's own awk program", () => {
    // The program skips each file's first line, the column header, so each file is counted on its own as on the node.
    const countStates = (fixture: string) => execFileSync('awk', [TCP_STATE_COUNT_PROGRAM, '-'], { input: readFixture(fixture), encoding: 'utf8' });
    const output = countStates('vitals/procfs-net-tcp.txt') + countStates('vitals/procfs-net-tcp6.txt');
    expect(parseTcpStateCounts(output)).toEqual({ LISTEN: 3, CLOSE: 2 });
  });
});

describe('kernel messages', () => {
  it('finds the OOM kill of an older kernel once, with its victim (node-problem-detector sample)', () => {
    const log = parseKernelLog(readFixture('vitals/npd-oom-kill-dmesg.txt'));
    expect(log).toEqual({ kind: 'read', events: [expect.objectContaining({ kind: 'oom-kill', subject: 'heapster', atUptimeSeconds: null })] });
  });

  it('finds a hung task of a 3.16 kernel (node-problem-detector sample)', () => {
    const log = parseKernelLog(readFixture('vitals/npd-hung-task-dmesg.txt'));
    expect(log).toEqual({ kind: 'read', events: [expect.objectContaining({ kind: 'hung-task', subject: 'docker' })] });
  });

  it('reads timestamps, beam OOM kills, soft lockups, RCU stalls and NIC resets in the wording of several kernels', () => {
    // Lines in the formats printed by mm/oom_kill.c, kernel/watchdog.c, kernel/rcu/tree_stall.h and net/sched/sch_generic.c.
    const text = [
      '[39994236.283140] Out of memory: Kill process 812 (beam.smp) score 727 or sacrifice child',
      '[39994236.284751] Killed process 812 (beam.smp) total-vm:10094180kB, anon-rss:5992724kB, file-rss:0kB, shmem-rss:0kB',
      '<3>[  600.100000] watchdog: BUG: soft lockup - CPU#1 stuck for 22s! [beam.smp:812]',
      '[  601.000000] rcu: INFO: rcu_sched self-detected stall on CPU',
      '[  602.000000] NETDEV WATCHDOG: eth0 (virtio_net): transmit queue 0 timed out',
      '[  603.000000] clocksource: Marking clocksource \'tsc\' as unstable because the skew is too large:',
    ].join('\n');
    const log = parseKernelLog(text);
    if (log.kind !== 'read') throw new Error('expected a readable log');
    expect(log.events.map((e) => [e.kind, e.subject, e.atUptimeSeconds])).toEqual([
      ['oom-kill', 'beam.smp', 39994236.28314],
      ['soft-lockup', 'beam.smp', 600.1],
      ['rcu-stall', null, 601],
      ['nic-reset', 'eth0', 602],
      ['clocksource-unstable', 'tsc', 603],
    ]);
  });

  it('says dmesg is unreadable instead of "no warnings" when the kernel refuses it', () => {
    expect(parseKernelLog('dmesg: read kernel buffer failed: Operation not permitted')).toEqual({ kind: 'unreadable', reason: 'dmesg: read kernel buffer failed: Operation not permitted' });
  });
});

describe('malformed and missing input gives null ("unknown"), never a throw', () => {
  const garbage = ['', 'cat: /proc/loadavg: No such file or directory', '\u0000\u0000\u0000', 'cpu  a b c d', 'Filesystem 1024-blocks\n/dev/x 1 2', 'Tcp: A B\nTcp: 1', '{"json": true}'];
  it.each(garbage)('%j', (text) => {
    expect(parseLoadavg(text)).toBeNull();
    expect(parseUptime(text)).toBeNull();
    expect(parseNproc(text)).toBeNull();
    expect(parseCpuTimes(text)).toBeNull();
    expect(parseMeminfo(text)).toBeNull();
    expect(parseDf(text)).toBeNull();
    expect(parseSockstat(text)).toBeNull();
    expect(parseTcpStateCounts(text)).toBeNull();
    expect(parseNetCounters(text).get('Tcp.RetransSegs')).toBeUndefined();
    expect(() => parseKernelLog(text)).not.toThrow();
  });

  it('refuses CPU shares when a counter went backwards (a reboot between the samples)', () => {
    const later = parseCpuTimes('cpu  100 0 100 1000 0 0 0 0')!;
    const earlier = parseCpuTimes('cpu  200 0 200 2000 0 0 0 0')!;
    expect(cpuSharesBetween(earlier, later)).toBeNull();
  });
});
