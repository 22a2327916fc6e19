import { vitalsLine } from '../../src/status/vitals-line';
import { quietHost as host, read } from './fast-path-reply';

const node = 'rabbit@mq1';

describe('the vitals line of a /rmq status row', () => {
  it('a quiet host: load per CPU, steal, memory available, disk, marked ok', () => {
    expect(vitalsLine(read(node, host))).toEqual({ label: 'Host', value: 'load 0.20/CPU, steal 0.4%, mem avail 11.2 GiB, disk 40% used', mark: 'ok' });
  });

  it("the incident's hypervisor trouble: steal past its threshold says its mark in words and marks the row", () => {
    const line = vitalsLine(read(node, { ...host, cpu: { stealPercent: 35, iowaitPercent: 0, busyPercent: 90 } }));
    expect(line.value).toContain('steal 35.0% (critical)');
    expect(line.mark).toBe('critical');
  });

  it('unknown values and a host that gave no vitals are unknown, never ok', () => {
    expect(vitalsLine(read(node, { ...host, cpu: null, disk: null }))).toMatchObject({ value: 'load 0.20/CPU, steal ?, mem avail 11.2 GiB, disk ?', mark: 'unknown' });
    expect(vitalsLine({ kind: 'failed', node: 'rabbit@mq1', outcome: 'timeout', reason: 'no answer within 5.0 s', durationMs: 5_000 })).toEqual({ label: 'Host', value: 'no vitals: no answer within 5.0 s', mark: 'unknown' });
    expect(vitalsLine(undefined)).toMatchObject({ mark: 'pending' });
  });
});
