import type { AskStep, LabNeeds } from '../drill-types';
import { headline } from '../expectations';

export const LOOPBACK_LAB: LabNeeds = { nodes: 3, network: 'loopback', partitionHandling: 'ignore' };

/**
 * A restarted node rejoins within seconds; this bounds the wait for a clean verdict on a busy
 * 2-core machine, where one answer can take the whole command deadline.
 */
export const BACK_TO_HEALTHY_MS = 90_000;

/** Before the fault: the bot sees a clean cluster (and has its SSH connections open, as a bot on duty would). */
export const baseline = (nodes: number): AskStep => healthy(nodes, BACK_TO_HEALTHY_MS);

/** `/rmq status` until the verdict is clean again: every drill leaves the lab as it found it. */
export const healthy = (nodes: number, untilMs: number): AskStep => ({
  kind: 'ask',
  line: '/rmq status',
  expect: [headline(`${nodes} of ${nodes} nodes up; no problems seen`)],
  untilMs,
});
