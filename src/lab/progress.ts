/**
 * Progress lines with timings. A lab boot takes seconds per step; each step says when it starts,
 * says it is still waiting every few seconds, and says how long it took.
 */
export type ProgressSink = (line: string) => void;

export interface Progress {
  note(message: string): void;
  step<T>(label: string, work: () => Promise<T>): Promise<T>;
  /** Milliseconds since the progress started. */
  elapsedMs(): number;
}

export const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;

export function createProgress(sink: ProgressSink, heartbeatMs = 3_000, now: () => number = Date.now): Progress {
  const started = now();
  const elapsedMs = () => now() - started;
  const note = (message: string) => sink(`[${(elapsedMs() / 1000).toFixed(1).padStart(5)}s] ${message}`);
  return {
    note,
    elapsedMs,
    async step<T>(label: string, work: () => Promise<T>): Promise<T> {
      const stepStarted = now();
      note(`${label} …`);
      const heartbeat = setInterval(() => note(`${label}: still working (${seconds(now() - stepStarted)})`), heartbeatMs);
      try {
        const value = await work();
        note(`${label}: done in ${seconds(now() - stepStarted)}`);
        return value;
      } catch (e) {
        note(`${label}: FAILED after ${seconds(now() - stepStarted)}`);
        throw e;
      } finally {
        clearInterval(heartbeat);
      }
    },
  };
}
