import { detectCliFailure } from '../rabbit/detect-cli-failure';
import { formatMs } from '../reply/format';
import { err, ok, type Result } from '../result';
import type { CommandOutcome } from '../transport/types';

/** Why a command gave no usable output, in one sentence for the reply. */
export function outcomeFailureReason(outcome: Exclude<CommandOutcome, { kind: 'ok' }>): string {
  switch (outcome.kind) {
    case 'timeout':
      return `no answer within ${formatMs(outcome.afterMs)}: the node or its host may be hung`;
    case 'unreachable':
    case 'auth-failed':
    case 'host-key-mismatch':
      return outcome.detail;
    case 'command-failed': {
      const firstError = outcome.stderr.trim().split('\n')[0] ?? '';
      const how = outcome.exitCode !== null ? `exited ${outcome.exitCode}` : `was killed by ${outcome.signal ?? 'a signal'}`;
      return `the command ${how}${firstError ? `: ${firstError}` : ''}`;
    }
  }
}

/**
 * rabbitmqctl's stdout when it printed data. Exit code 0 is no proof: `{badrpc,…}` lands on stdout
 * with exit 0, so the output is checked too.
 */
export function rabbitmqctlStdout(outcome: CommandOutcome): Result<string, string> {
  if (outcome.kind !== 'ok' && outcome.kind !== 'command-failed') return err(outcomeFailureReason(outcome));
  const failure = detectCliFailure(outcome.stdout, outcome.stderr, outcome.kind === 'ok' ? 0 : outcome.exitCode);
  if (failure !== null) return err(`rabbitmqctl: ${failure.evidence}`);
  return outcome.kind === 'ok' ? ok(outcome.stdout) : err(outcomeFailureReason(outcome));
}

/** Past the transport's own deadlines (connect, then the command), a guard that ends the wait regardless. */
export const backstopSignal = (deadlines: { readonly connectMs: number; readonly commandMs: number }): AbortSignal =>
  AbortSignal.timeout(deadlines.connectMs + deadlines.commandMs + 2_000);
