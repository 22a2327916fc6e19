import type { LiteralFollowers } from '../logs/literal-tables';

/** The vocabulary of findings: what a signature is and what it says about what it matched. */
export type Severity = 'critical' | 'warning' | 'info';

/** What a finding is about; only the keys that were actually read from the input are present. */
export interface Subject {
  readonly node?: string;
  readonly peer?: string;
  readonly queue?: string;
  readonly vhost?: string;
  readonly exchange?: string;
  readonly routingKey?: string;
  readonly port?: string;
  readonly host?: string;
  readonly user?: string;
}

export const SUBJECT_KEYS = ['node', 'peer', 'queue', 'vhost', 'exchange', 'routingKey', 'port', 'host', 'user'] as const;

/** One string per (signature, subject) pair, for maps: only the keys present, so most subjects cost one or two appends. */
export const subjectKey = (id: string, subject: Subject): string => {
  let key = id;
  for (const name of SUBJECT_KEYS) {
    const value = subject[name];
    if (value !== undefined) key += `\u0000${name}\u0000${value}`;
  }
  return key;
};

/**
 * One way a signature shows up in a log record. `literals` are the prefilter: the pattern only runs
 * on records that contain one of them, and the scanner uses them to skip everything else unread.
 */
export interface LogMatcher {
  readonly literals: readonly string[];
  /**
   * For literals too common to prefilter alone: the raw scan counts one only when one of `by`
   * starts within `within` bytes after it on its line. The pattern must imply it.
   */
  readonly followedBy?: LiteralFollowers;
  /** Runs on the record's message with line breaks and their indentation folded into one space. */
  readonly pattern: RegExp;
  readonly subject?: (match: RegExpExecArray) => Subject;
  /** `clear` lines end the condition ("alarm cleared", "rabbit on node X up"). */
  readonly effect?: 'raise' | 'clear';
}

export interface Signature {
  /** Stable public id (SIGNATURES.md): never renamed or reused. */
  readonly id: string;
  readonly severity: Severity;
  /** A few words for lists and summaries. */
  readonly title: string;
  /** What it means, in one sentence. */
  readonly meaning: string;
  readonly likelyCause: string;
  /** The next command or runbook to reach for. */
  readonly nextStep: string;
  /** The RabbitMQ documentation page about it, when there is one (the guide's section is found by id). */
  readonly docsUrl?: string;
  /** Matchers are tried in order; the first that matches a record decides its subjects. */
  readonly logMatchers: readonly LogMatcher[];
  /**
   * A condition made of repeats rather than of one line (a node going down and coming back again
   * and again): raises are the downs, clears the returns, and the finding exists only once a
   * subject came back at least `minReturns` times after going down (one bounce is a restart, not a loop).
   */
  readonly cycle?: { readonly minReturns: number };
}
