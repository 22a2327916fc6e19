import { findSignature } from '../signatures/catalog';
import type { Finding } from '../signatures/finding';
import type { Severity } from '../signatures/signature';

export interface LogExcerpt {
  /** The last lines asked for, raw (cleaning is the renderer's job). */
  readonly text: string;
  readonly lines: number;
  /** Complete lines that were read but not kept. */
  readonly omitted: number;
}

/**
 * The last `count` lines of what was read. A byte-bounded tail usually starts inside a line: when
 * `startsMidLine`, that first fragment is dropped rather than shown as if it were a whole line.
 */
export function lastLines(text: string, count: number, startsMidLine: boolean): LogExcerpt {
  const all = text.replace(/\n$/, '').split('\n');
  const whole = startsMidLine ? all.slice(1) : all;
  if (whole.length === 1 && whole[0] === '') return { text: '', lines: 0, omitted: 0 };
  const kept = whole.slice(-count);
  return { text: kept.join('\n'), lines: kept.length, omitted: whole.length - kept.length };
}

export interface SignatureTally {
  readonly id: string;
  readonly title: string;
  readonly severity: Severity;
  /** Occurrences, over every subject of the signature. */
  readonly count: number;
}

const severityOrder: Record<Severity, number> = { critical: 0, warning: 1, info: 2 };

/** Findings folded to one line per signature id, worst first, then most frequent. */
export function tallySignatures(findings: readonly Finding[]): SignatureTally[] {
  const byId = new Map<string, SignatureTally>();
  for (const finding of findings) {
    const seen = byId.get(finding.signature);
    const title = findSignature(finding.signature)?.title ?? finding.signature;
    byId.set(finding.signature, { id: finding.signature, title, severity: finding.severity, count: (seen?.count ?? 0) + finding.count });
  }
  return [...byId.values()].sort((a, b) => severityOrder[a.severity] - severityOrder[b.severity] || b.count - a.count || a.id.localeCompare(b.id));
}
