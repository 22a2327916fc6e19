import { z } from 'zod';
import type { Button } from '../reply/model';

export const RUNBOOK_EVICT_OPEN = 'runbook.evict-open';

const evictButtonValue = z.strictObject({ cluster: z.string(), node: z.string() });
export type EvictButtonValue = z.infer<typeof evictButtonValue>;

/**
 * "Evict NODE…" on a diagnosis of a node its peers see down. Pressing it only opens the evict
 * runbook, which runs its read-only pre-checks and waits for the typed name and an approval like
 * `/rmq evict`: nothing is forgotten from the button.
 */
export const evictButton = (cluster: string, node: string): Button => ({
  actionId: RUNBOOK_EVICT_OPEN,
  label: `Evict ${node.slice(0, node.indexOf('@'))}…`,
  value: JSON.stringify({ cluster, node } satisfies EvictButtonValue),
  style: 'danger',
});

/** The button's value, or null when it is not one this version wrote. */
export function readEvictButtonValue(value: string): EvictButtonValue | null {
  try {
    const parsed = evictButtonValue.safeParse(JSON.parse(value));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
