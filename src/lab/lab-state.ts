import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { z } from 'zod';
import { err, ok, type Result } from '../result';
import { LabError } from './lab-errors';
import { PARTITION_HANDLINGS } from './lab-layout';
import type { ProcessIdentity } from './process-identity';

/**
 * The lab's memory between CLI calls: the options it was started with (so the layout can be
 * recomputed) and every process it started. `down` stops exactly these, nothing found by name.
 */
const identitySchema = z.strictObject({ pid: z.number().int().positive(), startTime: z.number().int().nonnegative() });

const nodeProcessesSchema = z.strictObject({
  /** The rabbitmq-server shell script: parent of the beam, exits when the beam does. */
  launcher: identitySchema.nullable(),
  beam: identitySchema.nullable(),
});

/** Busy loops (`cpu`) or a throttled namespace link (`tcp`) that make one node's vitals go red. */
const stressSchema = z.strictObject({
  node: z.string(),
  kind: z.enum(['cpu', 'tcp']),
  /** The busy loops of a cpu stress; a tcp stress is a qdisc, no process. */
  processes: z.array(identitySchema),
});

export const labStateSchema = z.strictObject({
  version: z.literal(1),
  startedAt: z.string(),
  options: z.strictObject({
    nodes: z.number().int().positive(),
    standby: z.boolean(),
    prefix: z.string(),
    portBase: z.number().int().positive(),
    network: z.enum(['loopback', 'netns']).default('loopback'),
    partitionHandling: z.enum(PARTITION_HANDLINGS).default('ignore'),
  }),
  /** Keyed by node name. */
  nodes: z.record(z.string(), nodeProcessesSchema),
  sshd: identitySchema.nullable(),
  /** Network namespaces this lab created, in creation order: `down` deletes exactly these. */
  namespaces: z.array(z.string()).default([]),
  /** Node pairs whose link is cut (`lab partition`), by node name; `lab heal` restores them. */
  cuts: z.array(z.tuple([z.string(), z.string()])).default([]),
  /** The publisher/consumer pair of `lab load`, one process. */
  load: identitySchema.nullable().default(null),
  stress: z.array(stressSchema).default([]),
});

export type LabState = z.output<typeof labStateSchema>;
export type NodeProcesses = z.infer<typeof nodeProcessesSchema>;
export type LabStress = z.infer<typeof stressSchema>;

export interface RecordedProcess {
  readonly role: 'load' | 'stress' | 'beam' | 'launcher' | 'sshd';
  /** What it is, for messages: `rabbit2@localhost beam`, `sshd`. */
  readonly label: string;
  readonly identity: ProcessIdentity;
}

export function parseLabState(text: string, file: string): Result<LabState, LabError> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    return err(new LabError('state-unreadable', `${file} is not JSON (${(e as Error).message}); stop leftover processes by hand, then delete it`));
  }
  const parsed = labStateSchema.safeParse(json);
  if (!parsed.success) return err(new LabError('state-unreadable', `${file} is not a lab state file: ${z.prettifyError(parsed.error)}`));
  return ok(parsed.data);
}

/** The state, or null when this dir holds no lab. */
export function readLabState(file: string): Result<LabState | null, LabError> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return ok(null);
    return err(new LabError('state-unreadable', `cannot read ${file}: ${(e as Error).message}`));
  }
  return parseLabState(text, file);
}

/** Written to a temporary file and renamed, so a crash mid-write never leaves half a state behind. */
export function writeLabState(file: string, state: LabState): void {
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(state, null, 2)}\n`);
  renameSync(temporary, file);
}

/** Every process the state says the lab started: traffic and stress first, sshd last. */
export function recordedProcesses(state: LabState): RecordedProcess[] {
  const load = state.load ? [{ role: 'load' as const, label: 'lab load', identity: state.load }] : [];
  const stress = state.stress.flatMap((s) => s.processes.map((identity) => ({ role: 'stress' as const, label: `${s.kind} stress of ${s.node}`, identity })));
  const nodes = Object.entries(state.nodes).flatMap(([name, p]): RecordedProcess[] => [
    ...(p.beam ? [{ role: 'beam' as const, label: `${name} beam`, identity: p.beam }] : []),
    ...(p.launcher ? [{ role: 'launcher' as const, label: `${name} launcher`, identity: p.launcher }] : []),
  ]);
  return [...load, ...stress, ...nodes, ...(state.sshd ? [{ role: 'sshd' as const, label: 'sshd', identity: state.sshd }] : [])];
}
