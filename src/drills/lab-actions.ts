import type { Lab } from '../lab/lab';
import { LabError } from '../lab/lab-errors';
import { describeFailure, succeeded } from '../lab/run-command';
import type { ActStep } from './drill-types';

/** Lab actions the scenarios share, each reporting what it did. */
export const act = (label: string, run: ActStep['run']): ActStep => ({ kind: 'act', label, run });

export const crash = (node: string): ActStep =>
  act(`kill -9 the Erlang VM of ${node}`, async (lab) => {
    const pid = lab.node(node).beamPid;
    await lab.crash(node);
    return `beam pid ${pid} killed`;
  });

export const start = (node: string): ActStep =>
  act(`boot ${node} again (no eviction, its data kept)`, async (lab) => {
    await lab.start(node);
    return `booted, beam pid ${lab.node(node).beamPid}`;
  });

/** `rabbitmqctl -n NODE ARGS…` in the lab; a failure stops the drill with the CLI's own words. */
export async function rabbitmqctlOk(lab: Lab, node: string, args: readonly string[]): Promise<string> {
  const result = await lab.rabbitmqctl(node, args, 60_000);
  if (!succeeded(result)) throw new LabError('command-failed', describeFailure(['rabbitmqctl', '-n', lab.node(node).name, ...args], result));
  return result.stdout.trim().split('\n').filter((l) => l.trim() !== '').slice(-1)[0] ?? 'done';
}

export const rabbitmqctlStep = (label: string, node: string, args: readonly string[]): ActStep => act(label, (lab) => rabbitmqctlOk(lab, node, args));
