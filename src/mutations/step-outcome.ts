import type { StepOutcome } from '../store/step-journal';
import type { CommandOutcome } from '../transport/types';

/** Enough of the output to see what the command said, kept small for the journal and the chat. */
const EXCERPT_CHARS = 2_000;

function excerpt(stdout: string, stderr: string): string {
  const text = [stdout.trim(), stderr.trim()].filter((part) => part !== '').join('\n');
  return text.length <= EXCERPT_CHARS ? text : `…${text.slice(-EXCERPT_CHARS)}`;
}

/**
 * What the journal records for a mutating command, from what the transport saw. Only a command
 * that never reached the node is `not-sent` (safe to retry); once sent, anything short of an exit
 * status is `outcome-unknown`, because the node may have done it.
 */
export function stepOutcomeOf(outcome: CommandOutcome): StepOutcome {
  switch (outcome.kind) {
    case 'ok':
      return { kind: 'completed', exitCode: 0, durationMs: outcome.durationMs, outputExcerpt: excerpt(outcome.stdout, outcome.stderr) };
    case 'command-failed':
      if (outcome.exitCode !== null) return { kind: 'completed', exitCode: outcome.exitCode, durationMs: outcome.durationMs, outputExcerpt: excerpt(outcome.stdout, outcome.stderr) };
      return { kind: 'outcome-unknown', reason: `the command was killed by ${outcome.signal ?? 'a signal'} before it exited`, durationMs: outcome.durationMs };
    case 'timeout':
      return { kind: 'outcome-unknown', reason: `no exit status within ${outcome.afterMs} ms; the command may still be running or have finished on the node`, durationMs: outcome.afterMs };
    case 'connection-lost':
      return { kind: 'outcome-unknown', reason: outcome.detail, durationMs: outcome.afterMs };
    case 'unreachable':
    case 'auth-failed':
    case 'host-key-mismatch':
      return { kind: 'not-sent', reason: outcome.detail };
  }
}
