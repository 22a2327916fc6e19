import { spawn } from 'node:child_process';
import { cpus } from 'node:os';
import { createServices, type RunningServices } from '../src/app/create-services';
import { buildRegistry } from '../src/app/build-registry';
import { runCommandText } from '../src/commands/run-command';
import type { CommandContext } from '../src/commands/types';
import type { LoadedConfig } from '../src/config/load-config';
import type { Lab } from '../src/lab/lab';
import { silentLogger } from '../src/observability/logger';
import { rabbitmqctlCommand } from '../src/rabbit/rabbitmqctl-command';
import type { Reply } from '../src/reply/model';
import { STATUS_API_ANSWER_MS } from '../src/status/read-status-via-api';
import { vitalsSampleSeconds } from '../src/vitals/vitals-command';
import { benchConfig, measureStatusPaths } from './status-paths';
import { startTestLab } from '../test/helpers/lab';
import type { Benchmark, BenchTable } from './types';

/** Runs per measurement; the median is reported. */
const RUNS = 5;
/** Hung-node runs cost a full command deadline each. */
const HUNG_RUNS = 3;
const FAN_OUT_TARGET = 2.5;
const HUNG_COMMAND_MS = 3_000;
const HUNG_SLACK_MS = 1_000;

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] ?? NaN) : ((sorted[mid - 1] ?? NaN) + (sorted[mid] ?? NaN)) / 2;
};

const ms = (value: number): string => `${Math.round(value)} ms`;
const spread = (values: readonly number[]): string => `${Math.round(Math.min(...values))}–${Math.round(Math.max(...values))} ms`;

/** The lab's own config with other deadlines, written into the lab dir (its SQLite store lands there too). */
const configWithDeadlines = (lab: Lab, name: string, deadlines: { connectMs: number; commandMs: number }, withManagement = false): LoadedConfig =>
  benchConfig(lab, name, { deadlines, withManagement });

/** `/rmq status` (or another command) through the registry, as the console and Slack run it; returns the reply and its wall time. */
async function timedStatus(services: RunningServices, command = '/rmq status'): Promise<{ reply: Reply; ms: number }> {
  const ctx: CommandContext = { actor: { id: 'bench', role: 'viewer' }, channel: 'bench', services, progress: () => undefined };
  const started = performance.now();
  const reply = await runCommandText(buildRegistry(), command, ctx, silentLogger);
  return { reply, ms: performance.now() - started };
}

/** Cold: fresh services each time, so every run pays the SSH connects. */
async function coldStatus(loaded: LoadedConfig): Promise<{ reply: Reply; ms: number }> {
  const services = createServices(loaded, silentLogger);
  try {
    return await timedStatus(services);
  } finally {
    await services.close();
  }
}

function expectHealthy(reply: Reply, what: string): void {
  if (reply.mark !== 'ok') throw new Error(`${what}: the lab is not healthy: ${reply.summary}`);
}

/** One process (the OpenSSH client, or rabbitmqctl itself), argv only; resolves with its wall time, rejects unless it exits 0. */
function timedProcess(argv: readonly string[]): Promise<number> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(argv[0] as string, argv.slice(1), { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(performance.now() - started) : reject(new Error(`${argv.join(' ')} exited ${code}: ${stderr.trim()}`))));
  });
}

/**
 * What a responder does by hand: `ssh … rabbitmqctl status`, then `cluster_status`, node after
 * node. Same remote argv as the bot (env, rabbitmqctl path and `--formatter json` from the lab's
 * written config); a new SSH connection per call, as a shell loop would make.
 */
async function sequentialLoop(lab: Lab, loaded: LoadedConfig): Promise<number> {
  const started = performance.now();
  for (const node of loaded.config.clusters[0]?.nodes ?? []) {
    for (const command of ['status', 'cluster_status'] as const) {
      const ssh = ['ssh', '-i', lab.clientKeyFile, '-p', String(node.ssh.port), '-o', 'StrictHostKeyChecking=no', '-o', 'UserKnownHostsFile=/dev/null', '-o', 'BatchMode=yes', '-o', 'LogLevel=ERROR', `${node.ssh.user}@${node.ssh.host}`];
      await timedProcess([...ssh, ...rabbitmqctlCommand(node, { command }, 'json').argv]);
    }
  }
  return performance.now() - started;
}

/**
 * The same calls all at once on this machine, without SSH: every lab node shares its cores, so this
 * is the least time any fan-out of rabbitmqctl calls can take here (each boots a CLI VM).
 */
async function cliFloor(loaded: LoadedConfig): Promise<number> {
  const started = performance.now();
  const calls = (loaded.config.clusters[0]?.nodes ?? []).flatMap((node) => (['status', 'cluster_status'] as const).map((command) => rabbitmqctlCommand(node, { command }, 'json').argv));
  await Promise.all(calls.map((argv) => timedProcess(argv)));
  return performance.now() - started;
}

/**
 * `/rmq status` on a real 3-node lab: the bot's fan-out against the same calls made one after
 * another with the OpenSSH client, and what one hung node costs.
 */
export const statusBenchmark: Benchmark = {
  name: 'status',
  run: async (log): Promise<BenchTable> => {
    log('starting a 3-node lab (about 15 s)');
    const testLab = await startTestLab({ nodes: 3 });
    const lab = testLab.lab;
    try {
      const loaded = configWithDeadlines(lab, 'default', { connectMs: 5_000, commandMs: 10_000 });
      const nodes = loaded.config.clusters[0]?.nodes.length ?? 0;

      log('warming up: one /rmq status and one sequential loop, not counted');
      expectHealthy((await coldStatus(loaded)).reply, 'warm-up');
      await sequentialLoop(lab, loaded);

      const cold: number[] = [];
      for (let i = 1; i <= RUNS; i++) {
        const run = await coldStatus(loaded);
        expectHealthy(run.reply, `cold run ${i}`);
        cold.push(run.ms);
        log(`/rmq status, fresh services ${i}/${RUNS}: ${ms(run.ms)}`);
      }

      const warm: number[] = [];
      const vitals: number[] = [];
      const services = createServices(loaded, silentLogger);
      try {
        expectHealthy((await timedStatus(services)).reply, 'warm-up of the reused connections');
        for (let i = 1; i <= RUNS; i++) {
          const run = await timedStatus(services);
          expectHealthy(run.reply, `warm run ${i}`);
          warm.push(run.ms);
          log(`/rmq status, reused connections ${i}/${RUNS}: ${ms(run.ms)}`);
        }
        for (let i = 1; i <= RUNS; i++) {
          const run = await timedStatus(services, '/rmq vitals');
          if (!run.reply.summary.startsWith(`Host vitals: ${nodes} of ${nodes} hosts answered`)) throw new Error(`vitals run ${i}: ${run.reply.summary}`);
          vitals.push(run.ms);
          log(`/rmq vitals, reused connections ${i}/${RUNS}: ${ms(run.ms)}`);
        }
      } finally {
        await services.close();
      }

      // Before the hung-node runs, which need a machine calm enough for HUNG_COMMAND_MS; turns management on for every node.
      const paths = await measureStatusPaths(lab, RUNS, log);
      for (const p of paths) log(`status via ${p.label}: median ${ms(median(p.runs))} (${spread(p.runs)}), ${p.callsPerNode.broker} broker + ${p.callsPerNode.vitals} vitals SSH calls per node, ${p.missed} run(s) not counted`);

      const sequential: number[] = [];
      for (let i = 1; i <= RUNS; i++) {
        const took = await sequentialLoop(lab, loaded);
        sequential.push(took);
        log(`sequential ssh loop ${i}/${RUNS}: ${ms(took)}`);
      }
      const floor: number[] = [];
      for (let i = 1; i <= RUNS; i++) {
        const took = await cliFloor(loaded);
        floor.push(took);
        log(`all ${nodes * 2} rabbitmqctl calls at once, no SSH ${i}/${RUNS}: ${ms(took)}`);
      }

      const hungConfig = configWithDeadlines(lab, 'hung', { connectMs: 5_000, commandMs: HUNG_COMMAND_MS });
      const healthy: number[] = [];
      for (let i = 1; i <= HUNG_RUNS; i++) {
        const run = await coldStatus(hungConfig);
        expectHealthy(run.reply, `healthy run ${i} before the hang`);
        healthy.push(run.ms);
      }
      const hungNode = lab.node('2').name;
      const hung: number[] = [];
      log(`hanging ${hungNode} (SIGSTOP)`);
      await lab.hang('2');
      try {
        for (let i = 1; i <= HUNG_RUNS; i++) {
          const run = await coldStatus(hungConfig);
          if (!run.reply.summary.includes(`${hungNode}: timed out`)) throw new Error(`hung run ${i}: ${hungNode} is not reported as timed out: ${run.reply.summary}`);
          hung.push(run.ms);
          log(`/rmq status with ${hungNode} hung ${i}/${HUNG_RUNS}: ${ms(run.ms)}`);
        }
      } finally {
        await lab.resume('2');
      }

      const hungApiConfig = configWithDeadlines(lab, 'hung-api', { connectMs: 5_000, commandMs: HUNG_COMMAND_MS }, true);
      const hungApi: number[] = [];
      await lab.hang('2');
      try {
        for (let i = 1; i <= HUNG_RUNS; i++) {
          const run = await coldStatus(hungApiConfig);
          if (!run.reply.summary.includes(`${hungNode}: timed out`)) throw new Error(`hung run ${i} with the API: ${hungNode} is not reported as timed out: ${run.reply.summary}`);
          hungApi.push(run.ms);
          log(`/rmq status via the API with ${hungNode} hung ${i}/${HUNG_RUNS}: ${ms(run.ms)}`);
        }
      } finally {
        await lab.resume('2');
      }

      const coldMedian = median(cold);
      const warmMedian = median(warm);
      const sequentialMedian = median(sequential);
      const coldRatio = sequentialMedian / coldMedian;
      const warmRatio = sequentialMedian / warmMedian;
      const extra = median(hung) - median(healthy);
      const hungBudget = HUNG_COMMAND_MS + HUNG_SLACK_MS;
      return {
        title: `/rmq status on a real ${nodes}-node lab (RabbitMQ 3.10.8 over SSH on loopback), median of ${RUNS} runs`,
        columns: ['measure', 'median', 'range', 'vs sequential'],
        rows: [
          ['bot fan-out, fresh services (SSH connects included)', ms(coldMedian), spread(cold), `${coldRatio.toFixed(2)}× faster`],
          ['bot fan-out, reused connections', ms(warmMedian), spread(warm), `${warmRatio.toFixed(2)}× faster`],
          ['bot /rmq vitals, reused connections (1 vitals call per node, status beside it)', ms(median(vitals)), spread(vitals), ''],
          [`ssh … rabbitmqctl status, cluster_status, node by node (${nodes * 2} calls)`, ms(sequentialMedian), spread(sequential), '1.00×'],
          [`the same ${nodes * 2} rabbitmqctl calls all at once on this machine, no SSH (the floor of any fan-out here)`, ms(median(floor)), spread(floor), `${(sequentialMedian / median(floor)).toFixed(2)}× faster`],
          [`bot, healthy (commandMs ${HUNG_COMMAND_MS}, ${HUNG_RUNS} runs)`, ms(median(healthy)), spread(healthy), ''],
          [`bot, ${hungNode} hung by SIGSTOP (${HUNG_RUNS} runs)`, ms(median(hung)), spread(hung), ''],
          ...paths.map((p) => [
            `bot via ${p.label}, reused connections (per node: ${p.callsPerNode.broker} broker call${p.callsPerNode.broker === 1 ? '' : 's'} + ${p.callsPerNode.vitals} vitals call${p.missed > 0 ? `; ${p.missed} run(s) with a node past its deadline not counted` : ''})`,
            ms(median(p.runs)),
            spread(p.runs),
            `${(sequentialMedian / median(p.runs)).toFixed(2)}× faster`,
          ]),
          [`bot with the API configured, ${hungNode} hung: its API silent, then rabbitmqctl (${HUNG_RUNS} runs)`, ms(median(hungApi)), spread(hungApi), ''],
        ],
        notes: [
          `fan-out vs sequential loop, fresh services: ${coldRatio.toFixed(2)}× — target ≥ ${FAN_OUT_TARGET}× ${coldRatio >= FAN_OUT_TARGET ? 'met' : 'NOT met'}`,
          `fan-out vs sequential loop, reused connections: ${warmRatio.toFixed(2)}× — target ≥ ${FAN_OUT_TARGET}× ${warmRatio >= FAN_OUT_TARGET ? 'met' : 'NOT met'}`,
          `the lab's nodes share this machine's ${cpus().length} CPUs: ${nodes * 2} CLI VMs at once, with no SSH and no bot, take ${ms(median(floor))}, so no fan-out of rabbitmqctl can beat ${(sequentialMedian / median(floor)).toFixed(2)}× here; the bot's reused-connection fan-out is ${ms(warmMedian - median(floor))} above that floor`,
          `/rmq vitals costs ${ms(median(vitals) - warmMedian)} over /rmq status: one extra SSH call per node, of which ${vitalsSampleSeconds.full} s is the node's own wait between its two counter samples`,
          `one hung node adds ${ms(extra)} — target ≤ its deadline (commandMs ${HUNG_COMMAND_MS}) + ${HUNG_SLACK_MS} ms = ${hungBudget} ms ${extra <= hungBudget ? 'met' : 'NOT met'}`,
          `with the API configured, a silent API costs its answer window (${STATUS_API_ANSWER_MS} ms) before rabbitmqctl: the hung node adds ${ms(median(hungApi) - median(healthy))} — target ≤ ${hungBudget + STATUS_API_ANSWER_MS} ms ${median(hungApi) - median(healthy) <= hungBudget + STATUS_API_ANSWER_MS ? 'met' : 'NOT met'}`,
          `status includes each host's vitals line: ${paths.map((p) => `${p.label} ${p.callsPerNode.vitals}`).join(', ')} vitals call per node beside the broker's, in parallel (the status line's vitals call holds ${vitalsSampleSeconds.quick} s between its two samples) — target ≤ 1 extra round trip per node ${paths.every((p) => p.callsPerNode.vitals <= 1) ? 'met' : 'NOT met'}`,
        ],
      };
    } finally {
      log('stopping the lab');
      await testLab.teardown();
    }
  },
};
