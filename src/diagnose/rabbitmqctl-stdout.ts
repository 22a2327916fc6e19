import { detectCliFailure } from '../rabbit/detect-cli-failure';
import { err, ok, type Result } from '../result';
import { outcomeFailureReason } from '../reply/outcome-reason';
import type { CommandOutcome } from '../transport/types';

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
