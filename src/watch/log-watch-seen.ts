import { z } from 'zod';
import type { LogSighting } from './log-watch-job';

/** One signature's current episode on one node: it counts as news again only after a quiet spell. */
export interface SeenSignature {
  readonly firstSeenAt: number;
  readonly lastSeenAt: number;
  readonly count: number;
}

export type SeenSignatures = Readonly<Record<string, SeenSignature>>;

const seenSchema = z.record(z.string(), z.object({ firstSeenAt: z.number(), lastSeenAt: z.number(), count: z.number() }));

export const serializeSeen = (seen: SeenSignatures): string => JSON.stringify(seen);

/** Reads what serializeSeen stored; an unreadable value starts over (every signature is news once more). */
export function parseSeen(body: string): SeenSignatures {
  try {
    const parsed = seenSchema.safeParse(JSON.parse(body));
    return parsed.success ? parsed.data : {};
  } catch {
    return {};
  }
}

/**
 * Which sightings are new on the node: a signature never seen there, or seen again after `quietMs`
 * without it. The others only extend their episode. Episodes quiet for longer are forgotten, so the
 * memory stays as small as the set of signatures that are live.
 */
export function noteSightings(seen: SeenSignatures, sightings: readonly LogSighting[], now: number, quietMs: number): { fresh: LogSighting[]; seen: SeenSignatures } {
  const next: Record<string, SeenSignature> = {};
  for (const [id, episode] of Object.entries(seen)) if (now - episode.lastSeenAt <= quietMs) next[id] = episode;
  const fresh: LogSighting[] = [];
  for (const sighting of sightings) {
    const episode = next[sighting.signature];
    if (episode === undefined) {
      fresh.push(sighting);
      next[sighting.signature] = { firstSeenAt: now, lastSeenAt: now, count: sighting.count };
    } else {
      next[sighting.signature] = { ...episode, lastSeenAt: now, count: episode.count + sighting.count };
    }
  }
  return { fresh, seen: next };
}
