import { bootSignatures } from './catalog-boot';
import { clientSignatures } from './catalog-clients';
import { clusterSignatures } from './catalog-cluster';
import { connectionSignatures } from './catalog-connections';
import { queueSignatures } from './catalog-queues';
import { resourceSignatures } from './catalog-resources';
import { stabilitySignatures } from './catalog-stability';
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
];

const byId = new Map(signatureCatalog.map((signature) => [signature.id, signature]));

export const findSignature = (id: string): Signature | undefined => byId.get(id);

/** Every prefilter literal of the catalog, deduplicated. */
export const catalogLiterals = (catalog: readonly Signature[] = signatureCatalog): string[] => [
  ...new Set(catalog.flatMap((signature) => signature.logMatchers.flatMap((matcher) => matcher.literals))),
];
