import { readFixture } from '../helpers/fixtures';
import { clusterView, failedReport, failures, sshFailedReport, sshTimeout, upReport } from '../helpers/node-reports';
import { FindingCollector } from '../../src/signatures/finding-collector';
import type { NodeVitals } from '../../src/vitals/collect-vitals';
import { judgeHostAndBroker } from '../../src/vitals/host-and-broker';
import type { HostVitals } from '../../src/vitals/host-vitals';
import { markVitals } from '../../src/vitals/mark-vitals';
import { readHostVitals } from '../../src/vitals/read-host-vitals';
import { defaultVitalsConfig } from '../../src/vitals/vitals-config';
import { collectVitalsFindings } from '../../src/vitals/vitals-findings';

const capture = readFixture('vitals/this-vm-linux-6.18-vitals-output.txt');
const clockStart = Number(/@@rmq-vitals clock-start\n(\S+)/.exec(capture)?.[1]);
const clockEnd = Number(/@@rmq-vitals clock-end\n(\S+)/.exec(capture)?.[1]);
const elapsed = clockEnd - clockStart;

describe('readHostVitals on the capture of this VM', () => {
  it('knows every value and the sample interval', () => {
    const vitals = readHostVitals(capture, { sentAtSeconds: clockStart - 0.05, receivedAtSeconds: clockEnd + 0.05 });
    expect(vitals.sampleSeconds).toBeGreaterThanOrEqual(1);
    const readings = markVitals(vitals, defaultVitalsConfig);
    expect(readings.filter((r) => r.mark === 'unknown')).toEqual([]);
  });

  it('puts the clock offset in the middle of the window the node could have read its clock in', () => {
    // Bot clock 100 s behind the node; the answer came 0.2 s after the script's own run time.
    const sent = clockStart - 100 - 0.1;
    const vitals = readHostVitals(capture, { sentAtSeconds: sent, receivedAtSeconds: sent + elapsed + 0.2 });
    expect(vitals.clock?.offsetSeconds).toBeCloseTo(100, 5);
    expect(vitals.clock?.uncertaintySeconds).toBeCloseTo(0.1, 5);
  });

  it('gives unknown for every value of an answer cut short before its first section', () => {
    const vitals = readHostVitals('sh: 1: something went wrong\n', { sentAtSeconds: 0, receivedAtSeconds: 1 });
    expect(markVitals(vitals, defaultVitalsConfig).every((r) => r.mark === 'unknown')).toBe(true);
  });
});

const quietHost: HostVitals = {
  uptimeSeconds: 86_400,
  load: { one: 0.5, five: 0.5, fifteen: 0.5 },
  cpuCount: 4,
  cpu: { stealPercent: 0, iowaitPercent: 0, busyPercent: 10 },
  memory: { totalBytes: 8e9, availableBytes: 6e9, availableEstimated: false, swapTotalBytes: 0, swapUsedBytes: 0 },
  disk: { filesystem: '/dev/sda1', mountedOn: '/', totalBytes: 1e11, availableBytes: 5e10, usedPercent: 50 },
  diskProblem: null,
  tcp: { states: { ESTABLISHED: 40, LISTEN: 4 }, timeWait: 3, orphans: 0, retransmitsPerSecond: 0, retransmitPercent: 0, retransmitsTotal: 0, listenOverflowsPerSecond: 0, listenDropsPerSecond: 0, listenDropsTotal: 0 },
  clock: { offsetSeconds: 0.01, uncertaintySeconds: 0.02 },
  kernel: { kind: 'read', events: [] },
  sampleSeconds: 1,
};

const findingIds = (vitals: HostVitals): string[] => {
  const collector = new FindingCollector();
  collectVitalsFindings('rabbit@mq7', vitals, markVitals(vitals, defaultVitalsConfig), collector);
  return collector.findings().map((f) => f.signature);
};

describe('marks and findings of the incident', () => {
  it('a quiet host raises nothing', () => {
    expect(markVitals(quietHost, defaultVitalsConfig).every((r) => r.mark === 'ok')).toBe(true);
    expect(findingIds(quietHost)).toEqual([]);
  });

  it('the hypervisor trouble of the incident: steal, soft lockups, a rebooted VM, a retransmit storm, a skewed clock', () => {
    const troubled: HostVitals = {
      ...quietHost,
      uptimeSeconds: 300,
      cpu: { stealPercent: 35, iowaitPercent: 1, busyPercent: 40 },
      tcp: { ...quietHost.tcp, retransmitPercent: 12, retransmitsPerSecond: 800 },
      clock: { offsetSeconds: -42, uncertaintySeconds: 0.3 },
      kernel: { kind: 'read', events: [{ kind: 'soft-lockup', subject: 'beam.smp', atUptimeSeconds: 200, line: 'watchdog: BUG: soft lockup - CPU#1 stuck for 22s! [beam.smp:812]' }] },
    };
    const marks = Object.fromEntries(markVitals(troubled, defaultVitalsConfig).map((r) => [r.key, r.mark]));
    expect(marks).toMatchObject({ steal: 'critical', uptime: 'critical', retransmits: 'critical', clock: 'critical', kernel: 'critical' });
    expect(findingIds(troubled)).toEqual(expect.arrayContaining(['host-cpu-steal', 'host-rebooted', 'host-tcp-retransmit-storm', 'host-clock-skew', 'host-kernel-stall']));
  });

  it('an OOM kill of beam is critical, of another process only a warning', () => {
    const oom = (subject: string): HostVitals => ({ ...quietHost, kernel: { kind: 'read', events: [{ kind: 'oom-kill', subject, atUptimeSeconds: 86_000, line: '' }] } });
    expect(markVitals(oom('beam.smp'), defaultVitalsConfig).find((r) => r.key === 'kernel')?.mark).toBe('critical');
    expect(findingIds(oom('beam.smp'))).toEqual(['host-oom-killed-beam']);
    expect(markVitals(oom('java'), defaultVitalsConfig).find((r) => r.key === 'kernel')?.mark).toBe('warning');
  });

  it('a slow SSH round trip is not clock skew: only the offset beyond the uncertainty counts', () => {
    const slow: HostVitals = { ...quietHost, clock: { offsetSeconds: 2.5, uncertaintySeconds: 2 } };
    expect(markVitals(slow, defaultVitalsConfig).find((r) => r.key === 'clock')?.mark).toBe('ok');
  });

  it('thresholds come from the config', () => {
    const strict = { ...defaultVitalsConfig, thresholds: { ...defaultVitalsConfig.thresholds, loadPerCpu: { warning: 0.1, critical: 0.2 } } };
    expect(markVitals(quietHost, strict).find((r) => r.key === 'load')?.mark).toBe('warning');
  });
});

describe('the host and the broker are judged apart', () => {
  const node = 'rabbit@mq7';
  const read: NodeVitals = { kind: 'read', node, vitals: quietHost, readings: [], durationMs: 1200 };
  const silent: NodeVitals = { kind: 'failed', node, outcome: 'timeout', reason: 'no answer within 5.0 s', durationMs: 5000 };
  const peer = 'rabbit@mq1';
  const sshSilent = sshFailedReport('prod', node, sshTimeout(node, 2222, 5000));
  const peerSeeing = (running: string[]) => upReport('prod', peer, clusterView(peer, [peer, node], running));

  it('host up, RabbitMQ down', () => {
    const judged = judgeHostAndBroker(read, failedReport('prod', node, failures.nodedown), []);
    expect(judged.host.mark).toBe('ok');
    expect(judged.broker).toEqual({ value: expect.stringContaining('RabbitMQ down: the RabbitMQ node is not running'), mark: 'critical' });
    expect(judged.verdict).toContain('Look at RabbitMQ, not at the VM');
  });

  it('SSH silent while a peer sees RabbitMQ running', () => {
    const reports = [sshSilent, peerSeeing([peer, node])];
    const judged = judgeHostAndBroker(silent, reports[0], reports);
    expect(judged.broker).toEqual({ value: 'its peers see it running', mark: 'warning' });
    expect(judged.verdict).toContain('not RabbitMQ');
  });

  it('both silent and no peer sees it: the VM', () => {
    const reports = [sshSilent, peerSeeing([peer])];
    expect(judgeHostAndBroker(silent, reports[0], reports).verdict).toContain('suspect the VM or its hypervisor');
  });
});
