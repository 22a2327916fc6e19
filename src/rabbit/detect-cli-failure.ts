import { cleanPaste } from './clean-paste';
import type { CliFailure } from './model';

type FailureKind = CliFailure['kind'];

/**
 * Most specific first: a cookie failure also prints "unable to perform an operation", and a stopped
 * app on 3.7 also prints "nodedown". The generic help text of 3.8+ ("CLI tool fails to authenticate
 * with the server …") is printed for every failure, so it must not count as evidence.
 */
const RULES: readonly (readonly [FailureKind, RegExp])[] = [
  ['auth-failed', /Erlang distribution failed/i],
  ['auth-failed', /Authentication failed/i],
  ['auth-failed', /Invalid challenge reply/i],
  ['auth-failed', /Connection attempt from disallowed node/i],
  ['app-not-running', /'rabbit' application not running/],
  ['app-not-running', /requires the 'rabbit' app to be running/],
  ['app-not-running', /is not running or has not fully booted yet/],
  ['timeout', /\{:?badrpc,\s*\{:?timeout\b/],
  ['timeout', /\{:?badrpc,\s*:?timeout\}/],
  ['timeout', /timed out while waiting for a response from/i],
  ['nodedown', /epmd reports:? node '[^']*' not running at all/],
  ['nodedown', /\{:?badrpc,\s*:?nodedown\}/],
  ['nodedown', /unable to connect to node .*nodedown/],
  ['nodedown', /unable to connect to epmd/],
  ['nodedown', /unable to perform an operation on node/],
  ['nodedown', /Failed to connect and authenticate to/],
];

/** sysexits: EX_TEMPFAIL is what the CLI returns when its own --timeout ran out. */
const EX_TEMPFAIL = 75;
// Without a non-zero exit code, only these say that stdout is an error rather than data.
const FAILURE_ON_STDOUT = /^\s*Error\b|badrpc/m;

function firstMatchingLine(lines: readonly string[], pattern: RegExp): string | null {
  return lines.find((line) => pattern.test(line)) ?? null;
}

function firstNonBlank(text: string): string | null {
  return text.split('\n').find((line) => line.trim() !== '')?.trim() ?? null;
}

/** The CLI's own error line; a bare "Error:" puts the message on the next line (3.8+). */
function errorEvidence(lines: readonly string[]): string | null {
  const index = lines.findIndex((line) => /^\s*Error\b/.test(line));
  if (index === -1) return null;
  const line = (lines[index] as string).trim();
  if (line !== 'Error:') return line;
  return firstNonBlank(lines.slice(index + 1).join('\n')) ?? line;
}

/**
 * Tells whether rabbitmqctl printed an error instead of data. Exit code 0 is no proof of success:
 * `{badrpc,nodedown}` and `{:badrpc, {:timeout, …}}` arrive on stdout with exit 0.
 */
export function detectCliFailure(stdout: string, stderr: string, exitCode: number | null): CliFailure | null {
  const cleanStderr = cleanPaste(stderr);
  const text = `${cleanPaste(stdout)}\n${cleanStderr}`;
  const exitedNonZero = exitCode !== null && exitCode !== 0;
  if (!exitedNonZero && !FAILURE_ON_STDOUT.test(text)) return null;
  const lines = text.split('\n');
  for (const [kind, pattern] of RULES) {
    const evidence = firstMatchingLine(lines, pattern);
    if (evidence !== null) return { kind, evidence: evidence.trim() };
  }
  const evidence = errorEvidence(lines) ?? firstNonBlank(cleanStderr) ?? firstNonBlank(text) ?? `exit code ${exitCode ?? 'unknown'}`;
  return { kind: exitCode === EX_TEMPFAIL ? 'timeout' : 'other', evidence };
}
