import { renderReplyText } from '../../src/chat/console/render-text';
import { buildDiagnoseReply } from '../../src/diagnose/diagnose-reply';
import { findingsFromEvidence } from '../../src/diagnose/evidence-findings';
import { takeSnapshot } from '../../src/snapshot/cluster-snapshot';
import type { NodeVitals } from '../../src/vitals/collect-vitals';
import type { HostVitals } from '../../src/vitals/host-vitals';
import { markVitals } from '../../src/vitals/mark-vitals';
import { readHostVitals } from '../../src/vitals/read-host-vitals';
import { defaultVitalsConfig } from '../../src/vitals/vitals-config';
import { readFixture } from '../helpers/fixtures';
import { clusterView, upReport } from '../helpers/node-reports';
import { labConfig, labNodes } from '../slack/harness';

const [rabbit1, rabbit2, rabbit3] = labNodes as [string, string, string];
const cluster = labConfig().clusters[0]!;
const capture = readFixture('vitals/this-vm-linux-6.18-vitals-output.txt');
const clockAt = (marker: string) => Number(new RegExp(`@@rmq-vitals ${marker}\\n(\\S+)`).exec(capture)?.[1]);

/** The capture of this VM (taken on a busy machine) calmed down, then altered the way the incident's hosts were. */
const onTime = readHostVitals(capture, { sentAtSeconds: clockAt('clock-start') - 0.05, receivedAtSeconds: clockAt('clock-end') + 0.05 });
const captured: HostVitals = { ...onTime, uptimeSeconds: 86_400, load: { one: 0.2, five: 0.2, fifteen: 0.2 }, cpu: { stealPercent: 0, iowaitPercent: 0, busyPercent: 5 } };
const read = (node: string, vitals: HostVitals): NodeVitals => ({ kind: 'read', node, vitals, readings: markVitals(vitals, defaultVitalsConfig), durationMs: 1100 });
const stealing: HostVitals = { ...captured, cpu: { stealPercent: 35, iowaitPercent: 1, busyPercent: 60 } };

describe('host vitals in /rmq diagnose', () => {
  const members = [rabbit1, rabbit2, rabbit3];
  const reports = members.map((node) => upReport('lab', node, clusterView(node, members, members)));

  it('a host whose hypervisor steals CPU is a ranked cause naming its node, with the catalog\'s next step', () => {
    const vitals = [read(rabbit1, captured), read(rabbit2, stealing), read(rabbit3, captured)];
    const findings = findingsFromEvidence(reports, [], vitals);
    expect(findings.map((f) => [f.signature, f.node])).toEqual([['host-cpu-steal', rabbit2]]);
    const reply = buildDiagnoseReply({ cluster, snapshot: takeSnapshot('lab', reports), logs: [], vitals, findings, inventory: { kind: 'skipped', reason: 'every node is up' }, durationMs: 1500 });
    const text = renderReplyText(reply, { colour: false, buttonIds: [] });
    expect(reply.mark).toBe('critical');
    expect(text).toContain('hypervisor steals CPU');
    expect(text).toContain(rabbit2);
    expect(text).toContain('Evidence: host-cpu-steal');
  });

  it('a host that did not give its vitals adds no finding: unknown is not a cause', () => {
    const failed: NodeVitals = { kind: 'failed', node: rabbit3, outcome: 'timeout', reason: 'no answer within 5 s', durationMs: 5000 };
    expect(findingsFromEvidence(reports, [], [read(rabbit1, captured), failed])).toEqual([]);
  });
});
