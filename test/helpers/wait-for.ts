/**
 * Waiting in e2e tests without racing the clock. A busy 2-core machine stretches every step, so
 * tests wait for a state, and the budget is counted in bounded attempts: each attempt is an ask
 * that the bot's own deadlines (or the lab CLI's timeout) already bound.
 */

/** Bot deadlines as configured; the default of the config schema when the config sets none. */
export interface Deadlines {
  readonly connectMs: number;
  readonly commandMs: number;
}

export const DEFAULT_DEADLINES: Deadlines = { connectMs: 5_000, commandMs: 10_000 };

/** The longest one node can hold a reply: its deadlines plus the inspector's backstop margin. */
export const nodeAnswerBoundMs = (deadlines: Deadlines): number => deadlines.connectMs + deadlines.commandMs + 2_000;

/**
 * Scheduling slack for a wall-clock bound on a loaded machine (event-loop lag, process start).
 * Bounds that test a product promise are the promise plus this, never the promise alone.
 */
export const SCHEDULING_SLACK_MS = 3_000;

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Repeats `attempt` until `done` holds or `attempts` are spent; returns the last value for the test to assert on. */
export async function attemptUntil<T>(attempt: () => Promise<T>, done: (value: T) => boolean, attempts: number, pauseMs = 250): Promise<T> {
  let value = await attempt();
  for (let i = 1; i < attempts && !done(value); i++) {
    await pause(pauseMs);
    value = await attempt();
  }
  return value;
}
