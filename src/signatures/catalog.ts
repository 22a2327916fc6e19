import { bootSignatures } from './catalog-boot';
import { clientSignatures } from './catalog-clients';
import { clusterSignatures } from './catalog-cluster';
import { connectionSignatures } from './catalog-connections';
import { managementSignatures } from './catalog-management';
import { queueSignatures } from './catalog-queues';
import { resourceSignatures } from './catalog-resources';
import { stabilitySignatures } from './catalog-stability';
import { vitalsSignatures } from './catalog-vitals';
import type { LiteralFollowers } from '../logs/literal-tables';
import type { Signature } from './signature';

/** Every signature the bot knows, listable (`rmq-bot signatures`) and addressed by stable id. */
export const signatureCatalog: readonly Signature[] = [
  ...clusterSignatures,
  ...queueSignatures,
  ...resourceSignatures,
  ...connectionSignatures,
  ...clientSignatures,
  ...bootSignatures,
  ...stabilitySignatures,
  ...vitalsSignatures,
  ...managementSignatures,
];

const byId = new Map(signatureCatalog.map((signature) => [signature.id, signature]));

export const findSignature = (id: string): Signature | undefined => byId.get(id);

/** Every prefilter literal of the catalog, deduplicated. */
export const catalogLiterals = (catalog: readonly Signature[] = signatureCatalog): string[] => [
  ...new Set(catalog.flatMap((signature) => signature.logMatchers.flatMap((matcher) => matcher.literals))),
];

/**
 * What must follow each literal for the raw scan to count it: only where every matcher naming the
 * literal says so (then any of their followers will do); one matcher without bounds the literal alone.
 */
export const catalogFollowers = (catalog: readonly Signature[] = signatureCatalog): Map<string, LiteralFollowers> => {
  const matchers = catalog.flatMap((signature) => signature.logMatchers);
  const followers = new Map<string, LiteralFollowers>();
  for (const literal of catalogLiterals(catalog)) {
    const naming = matchers.filter((matcher) => matcher.literals.includes(literal));
    if (!naming.every((matcher) => matcher.followedBy !== undefined)) continue;
    const all = naming.map((matcher) => matcher.followedBy!);
    followers.set(literal, { within: Math.max(...all.map((f) => f.within)), by: [...new Set(all.flatMap((f) => f.by))] });
  }
  return followers;
};
