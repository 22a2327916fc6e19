import { err, ok, type Result } from '../result';
import type { Argv } from './types';

/**
 * The only place where an argv array becomes the single string an SSH `exec` request carries. The
 * remote login shell re-parses that string, so every word is single-quoted: inside single quotes a
 * POSIX shell (sh, dash, bash, zsh) gives no character a special meaning, and the quote itself is
 * written as `'\''` (close, escaped quote, reopen).
 */

export type UnsafeWordReason = 'nul' | 'newline' | 'empty-argv';

export interface UnsafeArgv {
  readonly kind: 'unsafe-argv';
  readonly reason: UnsafeWordReason;
  /** Position of the offending word; -1 when the argv itself is empty. */
  readonly wordIndex: number;
  readonly message: string;
}

/** Thrown by the transport when an argv that never went through validation reaches it: a bug, not an incident. */
export class UnsafeArgvError extends Error {
  readonly problem: UnsafeArgv;

  constructor(problem: UnsafeArgv) {
    super(problem.message);
    this.name = 'UnsafeArgvError';
    this.problem = problem;
  }
}

export function quoteWord(word: string): string {
  return `'${word.replaceAll("'", `'\\''`)}'`;
}

/**
 * NUL cannot travel in an exec request (OpenSSH cuts the string there), and line breaks are refused
 * although quoting would keep them inert: no allowlisted command needs one, and a word with a line
 * break is far more likely an injection attempt or a paste accident than a real queue name.
 */
function findUnsafeWord(argv: Argv): UnsafeArgv | null {
  if (argv.length === 0) return { kind: 'unsafe-argv', reason: 'empty-argv', wordIndex: -1, message: 'refusing to run an empty command' };
  for (const [wordIndex, word] of argv.entries()) {
    if (word.includes('\0')) return { kind: 'unsafe-argv', reason: 'nul', wordIndex, message: `argument ${wordIndex} contains a NUL byte` };
    if (/[\n\r]/.test(word)) return { kind: 'unsafe-argv', reason: 'newline', wordIndex, message: `argument ${wordIndex} contains a line break` };
  }
  return null;
}

export function toRemoteCommand(argv: Argv): Result<string, UnsafeArgv> {
  const problem = findUnsafeWord(argv);
  return problem ? err(problem) : ok(argv.map(quoteWord).join(' '));
}
