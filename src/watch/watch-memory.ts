import { z } from 'zod';
import type { ClusterSnapshot, NodeVerdicts } from '../snapshot/cluster-snapshot';
import type { FlapState } from './flap-filter';

/** What one poll leaves for the next (on this replica or another): its snapshot and the flap counts. */
export interface WatchMemory {
  readonly snapshot: ClusterSnapshot;
  readonly flaps: FlapState;
  /** Absent in polls stored before verdicts were kept; then the snapshot's own verdicts stand in. */
  readonly verdicts?: NodeVerdicts;
}

const memorySchema = z.object({
  snapshot: z.object({ cluster: z.string(), reports: z.array(z.unknown()), facts: z.array(z.unknown()) }),
  flaps: z.record(z.string(), z.object({ transitions: z.array(z.number()), flappingCount: z.number().nullable(), last: z.enum(['up', 'down']) })),
  verdicts: z.record(z.string(), z.enum(['up', 'down'])).optional(),
});

export const serializeMemory = (memory: WatchMemory): string => JSON.stringify(memory);

/**
 * Reads a stored poll back. The store only holds what serializeMemory wrote, so the envelope is
 * checked and the reports and facts inside are trusted as the snapshot module made them.
 */
export function parseMemory(body: string): WatchMemory | null {
  let raw: unknown;
  try {
    raw = JSON.parse(body);
  } catch {
    return null;
  }
  const parsed = memorySchema.safeParse(raw);
  return parsed.success ? (parsed.data as unknown as WatchMemory) : null;
}
