import { renderReplyText } from '../../src/chat/console/render-text';
import type { ClusterEvidence } from '../../src/diagnose/collect-evidence';
import { buildDiagnoseReply } from '../../src/diagnose/diagnose-reply';
import { findingsFromEvidence, mergeFindings } from '../../src/diagnose/evidence-findings';
import { lastLines } from '../../src/node-logs/log-excerpt';
import type { NodeLogRead } from '../../src/node-logs/read-node-log';
import type { NodeReport, ProbeFailure } from '../../src/inspect/cluster-inspector';
import type { ClusterView } from '../../src/rabbit/model';
import { parseClusterStatus } from '../../src/rabbit/parse-cluster-status';
import { parseListQueues } from '../../src/rabbit/parse-list-queues';
import { queueColumnSets } from '../../src/rabbit/rabbitmqctl-command';
import { analyzeLogText } from '../../src/signatures/log-analyzer';
import { takeSnapshot, withHomedQueues } from '../../src/snapshot/cluster-snapshot';
import { readFixture } from '../helpers/fixtures';
import { failures, sshFailedReport, sshTimeout, upReport } from '../helpers/node-reports';
import { labConfig, labNodes } from '../slack/harness';

const [rabbit1, rabbit2, rabbit3] = labNodes as [string, string, string];
const cluster = labConfig().clusters[0]!;
const tail = { kind: 'tail', bytes: 1024 * 1024 } as const;

const viewOf = (file: string) => {
  const parsed = parseClusterStatus(readFixture(file));
  if (parsed.kind !== 'parsed') throw new Error(`${file} did not parse`);
  return parsed.view;
};
const report = (node: string, view: ClusterView | ProbeFailure = failures.unreadable): NodeReport => upReport('lab', node, view);
const log = (node: string, file: string): NodeLogRead => {
  const text = readFixture(file);
  return { kind: 'read', node, request: tail, text, scannedBytes: Buffer.byteLength(text), transferredBytes: Buffer.byteLength(text), truncated: false };
};
/** What the analysis worker gives collectEvidence for each log, computed in-line here. */
const logFindings = (logs: readonly NodeLogRead[]) => logs.map((l) => ({ node: l.node, findings: l.kind === 'read' ? analyzeLogText(l.text).findings : [] }));
const rendered = (evidence: ClusterEvidence) => renderReplyText(buildDiagnoseReply(evidence), { colour: false, buttonIds: [] });

function evidence(reports: NodeReport[], logs: NodeLogRead[], offlineText: string | null): ClusterEvidence {
  const queues = offlineText === null ? null : parseListQueues(offlineText, { vhost: '/', columns: queueColumnSets.full });
  return {
    cluster,
    snapshot: queues?.ok ? withHomedQueues(takeSnapshot('lab', reports), queues.value) : takeSnapshot('lab', reports),
    logs,
    vitals: [],
    findings: findingsFromEvidence(reports, logFindings(logs)),
    inventory: queues?.ok ? { kind: 'listed', from: rabbit1, queues: queues.value, problems: [] } : { kind: 'skipped', reason: 'every node is up, so no queue has lost its home node' },
    durationMs: 1200,
  };
}

describe('buildDiagnoseReply', () => {
  it('warns before any client failed: list_queues --offline alone ties the durable queue to the dead node', () => {
    const crashed = viewOf('lab-3.10.8/41_dead3_cluster_status_json_from_rabbit1.txt');
    const offline = readFixture('lab-3.10.8/43_dead3_list_queues_full.txt').split('\n').filter((l) => !l.includes('\trunning')).join('\n');
    const text = rendered(
      evidence([report(rabbit1, crashed), report(rabbit2, crashed), sshFailedReport('lab', rabbit3, sshTimeout(rabbit3, 2203, 5_000))], [], offline),
    );
    expect(text).toContain(`1. ${rabbit3} is down`);
    expect(text).toContain('Evict rabbit3… (destructive)');
    expect(text).toContain(`1 durable queue is homed on ${rabbit3} (list_queues --offline). Evicting ${rabbit3} will NOT bring them back, and \`forget_cluster_node\` DELETES non-mirrored durable queues homed on it with their messages.`);
    expect(text).toContain(`cq.home3  /      ${rabbit3}  unknown while its home node is down`);
    expect(text).toContain(`${rabbit3}  ✖ SSH unreachable: no SSH handshake from ${rabbit3} (127.0.0.1:2203) within 5000 ms (host down, firewalled, or sshd hung) · log: reading…`);
  });

  it('explains a returning node that was forgotten, with the rejoin steps', () => {
    const text = rendered(evidence([report(rabbit1), report(rabbit2)], [log(rabbit2, 'logs/lab-3.10.8/67_forget_survivor_log_rabbit2.txt'), log(rabbit3, 'logs/lab-3.10.8/71_restart_forgotten_node_log_rabbit3.txt')], null));
    expect(text).toContain(`${rabbit3} was removed from the cluster while it was away`);
    expect(text).toContain(`• On ${rabbit3}: rabbitmqctl stop_app; rabbitmqctl reset; rabbitmqctl join_cluster`);
  });

  it('names the sides of a partition and the documented recovery choices', () => {
    const text = rendered(evidence([report(rabbit1)], [log(rabbit1, 'logs/lab-3.10.8/103_netns_ignore_partition_log_n1.txt'), log(rabbit3, 'logs/lab-3.10.8/103_netns_ignore_partition_log_n3.txt')], null));
    expect(text).toContain('Sides: [rabbit@10.213.0.11, rabbit@10.213.0.12] | [rabbit@10.213.0.13]');
    expect(text).toContain('choose the side you trust most');
  });

  it('says so plainly when nothing is wrong', () => {
    const healthy = viewOf('lab-3.10.8/12_healthy_cluster_status_json.txt');
    const reply = buildDiagnoseReply(evidence(labNodes.map((n) => report(n, healthy)), [], null));
    expect(reply.summary).toBe('lab: no known problem in status, cluster_status or the recent logs');
    expect(reply.mark).toBe('ok');
    expect(reply.blocks.flatMap((b) => (b.kind === 'actions' ? b.buttons : [])).filter((b) => b.actionId === 'runbook.evict-open')).toEqual([]);
  });
});

describe('findingsFromEvidence', () => {
  it('counts the client error once per survivor log, attributes node-less findings to the log\'s node, and keeps each NUL run', () => {
    const merged = mergeFindings([
      ...analyzeLogText(readFixture('logs/lab-3.10.8/61_dead3_survivor_log_rabbit1.txt')).findings,
      ...analyzeLogText(readFixture('logs/lab-3.10.8/61_dead3_survivor_log_rabbit2.txt')).findings,
    ]);
    expect(merged.filter((f) => f.signature === 'node-down')).toEqual([expect.objectContaining({ subject: { node: 'rabbit3@localhost' }, state: 'active' })]);
    const nul = findingsFromEvidence([], logFindings([log(rabbit3, 'logs/nul-bytes-after-crash-generic-NOT-rabbitmq.txt')])).filter((f) => f.signature === 'log-nul-run');
    expect(nul.length).toBeGreaterThan(0);
    expect(nul.every((f) => f.node === rabbit3)).toBe(true);
  });
});

describe('lastLines', () => {
  it('drops the fragment a byte-bounded tail starts with, and keeps the last lines asked for', () => {
    expect(lastLines('ment of a line\nline 2\nline 3\n', 5, true)).toEqual({ text: 'line 2\nline 3', lines: 2, omitted: 0 });
    expect(lastLines('line 1\nline 2\nline 3\n', 2, false)).toEqual({ text: 'line 2\nline 3', lines: 2, omitted: 1 });
    expect(lastLines('', 5, false)).toEqual({ text: '', lines: 0, omitted: 0 });
  });
});
