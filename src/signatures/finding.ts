import type { Severity, Subject } from './signature';

/** One signature seen for one subject, however many times. */
export interface Finding {
  readonly signature: string;
  readonly severity: Severity;
  readonly count: number;
  readonly firstLine: number | null;
  readonly lastLine: number | null;
  readonly firstTime: string | null;
  readonly lastTime: string | null;
  /** The node the finding is about, when known. */
  readonly node: string | null;
  readonly subject: Subject;
  readonly summary: string;
  /** `cleared` when a later line ended the condition (alarm cleared, node back up). */
  readonly state: 'active' | 'cleared';
  readonly clearedLine: number | null;
  readonly clearedTime: string | null;
  /** Only for signatures made of repeats (a restart loop): how often and how regularly. */
  readonly cycle?: { readonly downs: number; readonly returns: number; readonly intervalSeconds: number | null };
  /** Only for `log-nul-run`. */
  readonly nulRun?: { readonly bytes: number; readonly offset: number; readonly rendering: 'bytes' | 'caret' };
}

/** Where a signature was seen: a log line range, or nothing for findings from a parsed model. */
export interface Sighting {
  readonly firstLine: number | null;
  readonly lastLine: number | null;
  readonly time: string | null;
}

export const NO_SIGHTING: Sighting = { firstLine: null, lastLine: null, time: null };
