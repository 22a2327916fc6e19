import { stepOutcomeOf } from '../../src/mutations/step-outcome';
import type { CommandOutcome } from '../../src/transport/types';

describe('what the journal records of a mutating command', () => {
  const output = { stdout: 'Stopping rabbit application on node rabbit@mq1 ...\n', stderr: '', durationMs: 2_300, truncated: false };

  it.each<[string, CommandOutcome, unknown]>([
    ['an exit status, zero or not, as completed', { kind: 'command-failed', exitCode: 69, signal: null, ...output, stderr: 'Error: unable to perform an operation on node\n' }, { kind: 'completed', exitCode: 69, durationMs: 2_300, outputExcerpt: 'Stopping rabbit application on node rabbit@mq1 ...\nError: unable to perform an operation on node' }],
    ['a command killed by a signal as outcome-unknown', { kind: 'command-failed', exitCode: null, signal: 'KILL', ...output }, { kind: 'outcome-unknown', reason: 'the command was killed by KILL before it exited', durationMs: 2_300 }],
    ['the deadline as outcome-unknown', { kind: 'timeout', phase: 'command', afterMs: 120_000, stdout: '' }, { kind: 'outcome-unknown', reason: 'no exit status within 120000 ms; the command may still be running or have finished on the node', durationMs: 120_000 }],
    ['a connection lost mid-command as outcome-unknown', { kind: 'connection-lost', afterMs: 800, detail: 'connection to rabbit@mq1 was lost while running the command (reset)' }, { kind: 'outcome-unknown', reason: 'connection to rabbit@mq1 was lost while running the command (reset)', durationMs: 800 }],
    ['an unreachable node as not-sent', { kind: 'unreachable', reason: 'refused', detail: 'cannot reach rabbit@mq1 (10.0.0.1:22): connect ECONNREFUSED' }, { kind: 'not-sent', reason: 'cannot reach rabbit@mq1 (10.0.0.1:22): connect ECONNREFUSED' }],
    ['a refused login as not-sent', { kind: 'auth-failed', detail: 'SSH login as ops on rabbit@mq1 was refused' }, { kind: 'not-sent', reason: 'SSH login as ops on rabbit@mq1 was refused' }],
    ['a changed host key as not-sent', { kind: 'host-key-mismatch', detail: 'SSH host key of rabbit@mq1 does not match' }, { kind: 'not-sent', reason: 'SSH host key of rabbit@mq1 does not match' }],
  ])('records %s', (_what, outcome, recorded) => {
    expect(stepOutcomeOf(outcome)).toEqual(recorded);
  });

  it('keeps the end of a long output', () => {
    const long = stepOutcomeOf({ kind: 'ok', stdout: `${'x'.repeat(5_000)}joined`, stderr: '', durationMs: 1, truncated: false });
    expect(long.kind === 'completed' && long.outputExcerpt).toMatch(/^….{1994}joined$/);
  });
});
