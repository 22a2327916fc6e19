import { formatMs } from '../reply/format';
import type { CommandOutcome } from './types';

/** Why a command gave no usable output, in one sentence for the reply. */
export function outcomeFailureReason(outcome: Exclude<CommandOutcome, { kind: 'ok' }>): string {
  switch (outcome.kind) {
    case 'timeout':
      return `no answer within ${formatMs(outcome.afterMs)}: the node or its host may be hung`;
    case 'unreachable':
    case 'connection-lost':
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

/** Past the transport's own deadlines (connect, then the command), a guard that ends the wait regardless. */
export const backstopSignal = (deadlines: { readonly connectMs: number; readonly commandMs: number }): AbortSignal =>
  AbortSignal.timeout(deadlines.connectMs + deadlines.commandMs + 2_000);
