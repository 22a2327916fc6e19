import type { BotConfig, ClusterConfig } from '../config/schema';
import { UserFacingError } from '../errors/user-facing-error';

/** A primary and the standby its config names (`standby:` on the primary). */
export interface CutoverPair {
  readonly primary: ClusterConfig;
  readonly standby: ClusterConfig;
}

const paired = (config: BotConfig): CutoverPair[] =>
  config.clusters.flatMap((primary) => {
    const standby = primary.standby === undefined ? undefined : config.clusters.find((c) => c.name === primary.standby);
    return standby === undefined ? [] : [{ primary, standby }];
  });

/**
 * The pair `/rmq cutover [primary]` acts on: the named primary, or the only primary that names a
 * standby. The config schema has already checked that the standby exists and has role standby.
 */
export function pickCutoverPair(config: BotConfig, primaryName: string | undefined): CutoverPair {
  const pairs = paired(config);
  const primaries = config.clusters.filter((c) => c.role === 'primary').map((c) => c.name);
  if (primaryName !== undefined) {
    const pair = pairs.find((p) => p.primary.name === primaryName);
    if (pair !== undefined) return pair;
    if (!primaries.includes(primaryName)) throw new UserFacingError('unknown-cluster', `There is no primary cluster named "${primaryName}".`, `Primary clusters: ${primaries.join(', ') || 'none'}.`);
    throw new UserFacingError('no-standby', `Primary ${primaryName} names no standby, so there is nothing to cut over to.`, `Add \`standby: NAME\` to its entry in the config, naming a cluster with role: standby.`);
  }
  const [only, ...others] = pairs;
  if (only !== undefined && others.length === 0) return only;
  if (only === undefined) throw new UserFacingError('no-standby', 'No primary cluster names a standby, so there is nothing to cut over to.', 'Add `standby: NAME` to the primary\'s entry in the config, naming a cluster with role: standby.');
  throw new UserFacingError('unknown-cluster', 'Name the primary cluster to cut over.', `Primaries with a standby: ${pairs.map((p) => p.primary.name).join(', ')}.`);
}

/** The pair a standby belongs to; null when no primary names it. */
export function pairOfStandby(config: BotConfig, standbyName: string): CutoverPair | null {
  return paired(config).find((p) => p.standby.name === standbyName) ?? null;
}
