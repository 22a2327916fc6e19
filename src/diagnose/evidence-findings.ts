import { statusOf, viewOf, type NodeReport } from '../inspect/cluster-inspector';
import { findSignature } from '../signatures/catalog';
import { collectClusterFindings } from '../signatures/cluster-signatures';
import type { Finding } from '../signatures/finding';
import { FindingCollector } from '../signatures/finding-collector';
import { subjectKey } from '../signatures/signature';
import { collectStatusFindings } from '../signatures/status-signatures';
import { summarizeFinding } from '../signatures/summarize-finding';
import type { NodeVitals } from '../vitals/collect-vitals';
import { collectVitalsFindings } from '../vitals/vitals-findings';

const findingKey = (finding: Finding): string => subjectKey(finding.signature, finding.subject);

function combine(seen: Finding, again: Finding): Finding {
  const count = seen.count + again.count;
  const active = seen.state === 'active' || again.state === 'active';
  const signature = findSignature(seen.signature);
  const summary = signature === undefined ? seen.summary : summarizeFinding(signature, seen.subject, count, active ? undefined : (seen.clearedTime ?? again.clearedTime));
  return { ...seen, count, summary, state: active ? 'active' : 'cleared' };
}

/**
 * The same signature and subject seen by several sources (every survivor logs the same client
 * error) is one finding: counts add up, and it is active when any source still sees it active.
 * Each NUL run stays its own finding.
 */
export function mergeFindings(findings: readonly Finding[]): Finding[] {
  const merged = new Map<string, Finding>();
  const standalone: Finding[] = [];
  for (const finding of findings) {
    if (finding.nulRun !== undefined) {
      standalone.push(finding);
      continue;
    }
    const key = findingKey(finding);
    const seen = merged.get(key);
    if (seen === undefined) merged.set(key, finding);
    else merged.set(key, combine(seen, finding));
  }
  return [...merged.values(), ...standalone];
}

/** The findings of one node's log (analyzed in the analysis worker). */
export interface LogFindings {
  readonly node: string;
  readonly findings: readonly Finding[];
}

/**
 * Every finding behind a diagnosis: from each node's status and cluster_status, from each host's
 * vitals and from each log that was read. (How each node answered the bot is not a finding: the
 * correlator takes the down nodes directly.) A log finding that names no node is attributed to the
 * node whose log it is (a NUL run in rabbit3's log is about rabbit3).
 */
export function findingsFromEvidence(reports: readonly NodeReport[], logs: readonly LogFindings[], vitals: readonly NodeVitals[] = []): Finding[] {
  const models = new FindingCollector();
  for (const v of vitals) if (v.kind === 'read') collectVitalsFindings(v.node, v.vitals, v.readings, models);
  for (const report of reports) {
    const status = statusOf(report);
    const view = viewOf(report);
    if (status !== null) collectStatusFindings(status, models);
    if (view !== null) collectClusterFindings(view, models);
  }
  const fromLogs = logs.flatMap((log) => log.findings.map((finding) => (finding.node === null ? { ...finding, node: log.node } : finding)));
  return mergeFindings([...models.findings(), ...fromLogs]);
}
