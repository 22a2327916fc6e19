import type { CommandOutcome } from '../transport/types';
import { formatMs } from './format';

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
