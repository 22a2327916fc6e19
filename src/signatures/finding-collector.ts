import { findSignature } from './catalog';
import { CycleTracker } from './cycle-tracker';
import type { Finding, Sighting } from './finding';
import type { Signature, Subject } from './signature';
import { SUBJECT_KEYS, subjectKey } from './signature';
import { summarizeFinding } from './summarize-finding';

/** Distinct (signature, subject) pairs kept per input; beyond it new subjects fold into one overflow finding. */
const MAX_FINDINGS = 5000;

interface Entry {
  readonly signature: Signature;
  readonly subject: Subject;
  count: number;
  firstLine: number | null;
  lastLine: number | null;
  firstTime: string | null;
  lastTime: string | null;
  cleared: Sighting | null;
}

/** Pastes are often out of order: first/last time are the earliest and latest, when comparable. */
const isDigit = (text: string, at: number): boolean => {
  const code = text.charCodeAt(at);
  return code >= 48 && code <= 57;
};
/** Starts with a year ("2026-"): read per sighting, so without a regex. */
const dated = (time: string): boolean => isDigit(time, 0) && isDigit(time, 1) && isDigit(time, 2) && isDigit(time, 3) && time.charCodeAt(4) === 45;
const comparable = (a: string, b: string): boolean => a.length === b.length && dated(a) && dated(b);
const earlier = (current: string | null, seen: string | null): string | null =>
  current === null ? seen : seen !== null && comparable(current, seen) && seen < current ? seen : current;
const later = (current: string | null, seen: string | null): string | null =>
  current === null ? seen : seen === null ? current : !comparable(current, seen) || seen > current ? seen : current;

/** A clear without a node ("cleared across the cluster") ends the condition for every subject. */
const clearCovers = (clear: Subject, raised: Subject): boolean =>
  SUBJECT_KEYS.every((key) => clear[key] === undefined || clear[key] === raised[key]);

/**
 * Folds sightings into findings: the same signature and subject seen many times is one finding
 * with a count, first/last position, and whether a later line cleared it.
 */
export class FindingCollector {
  private readonly entries = new Map<string, Entry>();
  /** Findings that are one per occurrence by nature (each NUL run), added ready-made. */
  private readonly standalone: Finding[] = [];
  private readonly cycles = new CycleTracker();

  addStandalone(finding: Finding): void {
    if (this.standalone.length < MAX_FINDINGS) this.standalone.push(finding);
  }

  raise(id: string, subject: Subject, at: Sighting): void {
    const signature = findSignature(id);
    if (signature === undefined) throw new RangeError(`unknown signature id ${id}`);
    if (signature.cycle !== undefined) {
      this.cycles.down(signature, subject, at);
      return;
    }
    const key = subjectKey(id, subject);
    const existing = this.entries.get(key);
    if (existing !== undefined) {
      existing.count += 1;
      existing.lastLine = at.lastLine ?? existing.lastLine;
      existing.firstTime = earlier(existing.firstTime, at.time);
      existing.lastTime = later(existing.lastTime, at.time);
      existing.cleared = null;
      return;
    }
    const admitted = this.entries.size < MAX_FINDINGS ? { key, subject } : { key: subjectKey(id, {}), subject: {} };
    const overflow = this.entries.get(admitted.key);
    if (overflow !== undefined) {
      overflow.count += 1;
      return;
    }
    this.entries.set(admitted.key, {
      signature,
      subject: admitted.subject,
      count: 1,
      firstLine: at.firstLine,
      lastLine: at.lastLine,
      firstTime: at.time,
      lastTime: at.time,
      cleared: null,
    });
  }

  clear(id: string, subject: Subject, at: Sighting): void {
    this.cycles.up(id, subject);
    for (const entry of this.entries.values()) {
      if (entry.signature.id === id && entry.cleared === null && clearCovers(subject, entry.subject)) entry.cleared = at;
    }
  }

  /** Findings ordered by severity, then by first appearance. */
  findings(): Finding[] {
    const rank = { critical: 0, warning: 1, info: 2 } as const;
    const all = [...[...this.entries.values()].map(toFinding), ...this.cycles.findings(), ...this.standalone];
    const position = (finding: Finding): number => finding.firstLine ?? 0;
    return all.sort((a, b) => rank[a.severity] - rank[b.severity] || position(a) - position(b));
  }
}

const toFinding = (entry: Entry): Finding => {
  const { signature, subject, cleared } = entry;
  return {
    signature: signature.id,
    severity: signature.severity,
    count: entry.count,
    firstLine: entry.firstLine,
    lastLine: entry.lastLine,
    firstTime: entry.firstTime,
    lastTime: entry.lastTime,
    node: subject.node ?? null,
    subject,
    summary: summarizeFinding(signature, subject, entry.count, cleared === null ? undefined : cleared.time),
    state: cleared === null ? 'active' : 'cleared',
    clearedLine: cleared?.firstLine ?? null,
    clearedTime: cleared?.time ?? null,
  };
};
