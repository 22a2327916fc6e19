import { parseArgs } from 'node:util';
import { err, ok, type Result } from '../result';

/** `rmq-bot drill …` as parsed from argv. */
export type DrillCommand =
  | { readonly verb: 'list' }
  | { readonly verb: 'help' }
  /** In a lab: one the drill starts (and stops), or the running one in `labDir`. NAME may be `all`. */
  | { readonly verb: 'lab'; readonly name: string; readonly labDir: string | undefined }
  /** The read-only half against a configured cluster. */
  | { readonly verb: 'read-only'; readonly name: string; readonly config: string; readonly target: string; readonly node: string };

export const DRILL_USAGE = `usage: rmq-bot drill list
       rmq-bot drill NAME|all [--lab DIR]
       rmq-bot drill NAME --config FILE --target CLUSTER --node NODE
  NAME|all                    run the scenario (or every one) in a lab of its own, started and stopped by the
                              drill; --lab DIR uses a running lab instead (rmq-bot lab up …) and leaves it up
  --config/--target/--node    the read-only half against a configured cluster: no fault is injected (that is
                              lab-only); break NODE yourself the way the scenario says, then run it
Exit: 0 every expectation held, 1 a verdict was wrong or a step failed, 64 bad usage.
`;

export function parseDrillArgs(argv: readonly string[]): Result<DrillCommand, string> {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      options: { lab: { type: 'string' }, config: { type: 'string' }, target: { type: 'string' }, node: { type: 'string' }, help: { type: 'boolean' } },
      strict: true,
      allowPositionals: true,
    });
  } catch (e) {
    return err((e as Error).message);
  }
  const { values, positionals } = parsed;
  const [name, ...extra] = positionals;
  if (values.help === true || name === undefined || name === 'help') return ok({ verb: 'help' });
  if (extra.length > 0) return err(`one scenario at a time, got "${extra.join(' ')}" too`);
  if (name === 'list') return ok({ verb: 'list' });
  const readOnly = [values.config, values.target, values.node];
  if (readOnly.some((v) => v !== undefined)) {
    if (values.lab !== undefined) return err('--lab and --config do not go together: a drill runs against the lab or against a configured cluster');
    if (name === 'all') return err('against a configured cluster, run one scenario at a time: you break the cluster for each');
    const [config, target, node] = readOnly;
    if (config === undefined || target === undefined || node === undefined) return err('against a configured cluster, give all of --config FILE --target CLUSTER --node NODE');
    return ok({ verb: 'read-only', name, config, target, node });
  }
  return ok({ verb: 'lab', name, labDir: values.lab });
}
