import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import { createServices } from '../src/app/create-services';
import { buildRegistry } from '../src/app/build-registry';
import { runCommandText } from '../src/commands/run-command';
import type { CommandContext, Services } from '../src/commands/types';
import { loadConfigFile, type LoadedConfig } from '../src/config/load-config';
import { createSshClusterInspector } from '../src/inspect/ssh-cluster-inspector';
import type { Lab } from '../src/lab/lab';
import { enableLabManagement, writeLabManagementConfig } from '../src/lab/lab-management';
import { silentLogger } from '../src/observability/logger';
import type { Reply } from '../src/reply/model';
import type { NodeReader, ReaderFor } from '../src/transport/types';

/** SSH round trips of one `/rmq status`, per node: for the broker (rabbitmqctl execs or API channels) and for the host's vitals. */
interface Calls {
  broker: number;
  vitals: number;
}

/** The same services, with every SSH call counted; the inspector is rebuilt on the counting reader so rabbitmqctl calls count too. */
function counting(services: Services): { services: Services; calls: Calls } {
  const calls: Calls = { broker: 0, vitals: 0 };
  const readerFor: ReaderFor = (cluster, node) => {
    const reader = services.readerFor(cluster, node);
    const counted: NodeReader = {
      read: (command, options) => {
        if (command.name === 'vitals') calls.vitals++;
        else calls.broker++;
        return reader.read(command, options);
      },
      openLoopbackChannel: (port) => {
        calls.broker++;
        return reader.openLoopbackChannel(port);
      },
    };
    return counted;
  };
  return { services: { ...services, readerFor, inspector: createSshClusterInspector(services.config, readerFor, async () => undefined) }, calls };
}

async function timed(services: Services): Promise<{ reply: Reply; ms: number }> {
  const ctx: CommandContext = { actor: { id: 'bench', role: 'viewer' }, channel: 'bench', services, progress: () => undefined };
  const started = performance.now();
  const reply = await runCommandText(buildRegistry(), '/rmq status', ctx, silentLogger);
  return { reply, ms: performance.now() - started };
}

/**
 * The lab's own config written for one measure: its deadlines if given, and without the management
 * key where the measure is rabbitmqctl-only (once the paths are measured the lab's config has it).
 */
export function benchConfig(lab: Lab, name: string, options: { readonly deadlines?: { connectMs: number; commandMs: number }; readonly withManagement: boolean }): LoadedConfig {
  const config = parse(readFileSync(lab.configPath, 'utf8')) as Record<string, unknown>;
  if (options.deadlines) config['deadlines'] = options.deadlines;
  if (!options.withManagement) delete config['management'];
  const file = path.join(lab.dir, `bench-${name}.yaml`);
  writeFileSync(file, stringify(config, { lineWidth: 0 }));
  const loaded = loadConfigFile(file);
  if (!loaded.ok) throw new Error(`bench config ${file} is invalid: ${JSON.stringify(loaded.error)}`);
  return loaded.value;
}

const closingLine = (reply: Reply): string => reply.blocks.flatMap((b) => (b.kind === 'context' ? [b.text] : [])).join(' ');

export interface PathMeasure {
  readonly label: string;
  /** Runs whose reply was healthy and read through this path. */
  readonly runs: readonly number[];
  /** Runs on which a node missed its deadline on this loaded machine: counted, not timed. */
  readonly missed: number;
  readonly callsPerNode: Calls;
}

/**
 * `/rmq status` through each node's management API (one `/api/nodes` call) and through rabbitmqctl
 * (`status` + `cluster_status`, a CLI VM each), on the same lab with reused connections, runs
 * interleaved so both see the same machine load. Turns management on for every lab node.
 */
export async function measureStatusPaths(lab: Lab, runs: number, log: (line: string) => void): Promise<readonly PathMeasure[]> {
  log('enabling the management plugin on every node');
  for (const [index] of lab.nodes.entries()) await enableLabManagement(lab, String(index + 1));
  writeLabManagementConfig(lab);
  const nodes = lab.nodes.length;
  const paths = [
    { label: 'management API', loaded: benchConfig(lab, 'api', { withManagement: true }), expect: `management API for ${nodes}, rabbitmqctl for 0` },
    { label: 'rabbitmqctl', loaded: benchConfig(lab, 'cli', { withManagement: false }), expect: 'Asked' },
  ];
  const opened = paths.map((p) => ({ ...p, services: createServices(p.loaded, silentLogger), runs: [] as number[], missed: 0, calls: { broker: 0, vitals: 0 } }));
  try {
    for (const p of opened) await timed(p.services);
    for (let i = 1; i <= runs; i++) {
      for (const p of opened) {
        const counted = counting(p.services);
        const run = await timed(counted.services);
        if (run.reply.mark !== 'ok' || !closingLine(run.reply).includes(p.expect)) {
          p.missed++;
          log(`/rmq status via ${p.label} ${i}/${runs}: not counted: ${run.reply.summary} / ${closingLine(run.reply)}`);
          continue;
        }
        p.runs.push(run.ms);
        p.calls = counted.calls;
        log(`/rmq status via ${p.label} ${i}/${runs}: ${Math.round(run.ms)} ms (SSH calls: ${counted.calls.broker} broker, ${counted.calls.vitals} vitals)`);
      }
    }
  } finally {
    await Promise.all(opened.map((p) => p.services.close()));
  }
  return opened.map((p) => ({ label: p.label, runs: p.runs, missed: p.missed, callsPerNode: { broker: p.calls.broker / nodes, vitals: p.calls.vitals / nodes } }));
}
