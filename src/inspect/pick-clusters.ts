import type { BotConfig, ClusterConfig } from '../config/schema';
import { UserFacingError } from '../errors/user-facing-error';

/** The clusters a command is about: the named one, or all of them (primaries first) when none is named. */
export function pickClusters(config: BotConfig, name: string | undefined): readonly ClusterConfig[] {
  if (name === undefined) return [...config.clusters].sort((a, b) => (a.role === b.role ? 0 : a.role === 'primary' ? -1 : 1));
  const cluster = config.clusters.find((c) => c.name === name);
  if (!cluster) {
    throw new UserFacingError('unknown-cluster', `There is no cluster named "${name}".`, `Known clusters: ${config.clusters.map((c) => c.name).join(', ')}.`);
  }
  return [cluster];
}
