import { err, ok, type Result } from '../result';
import { LabError } from './lab-errors';
import type { LabNodeLayout } from './lab-layout';

/**
 * A node as a person types it: `rabbit2@localhost`, `rabbit2`, `2` (position in the primary
 * cluster) or `standby`.
 */
export function resolveNodeArgument(argument: string, nodes: readonly LabNodeLayout[]): Result<LabNodeLayout, LabError> {
  const wanted = argument.trim();
  const found = /^\d+$/.test(wanted)
    ? nodes.find((n) => n.index === Number(wanted))
    : wanted === 'standby'
      ? nodes.find((n) => n.cluster === 'lab-standby')
      : nodes.find((n) => n.name === wanted || n.shortName === wanted);
  if (found !== undefined) return ok(found);
  const known = nodes.map((n) => (n.index === null ? `${n.shortName} (standby)` : `${n.shortName} (${n.index})`)).join(', ');
  return err(new LabError('unknown-node', `no lab node "${argument}"; the lab has ${known}`));
}
