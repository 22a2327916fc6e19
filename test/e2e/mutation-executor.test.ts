import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { loadConfigFile } from '../../src/config/load-config';
import { RABBITMQCTL } from '../../src/lab/lab-layout';
import { runCommand } from '../../src/lab/run-command';
import type { BotConfig, ClusterConfig } from '../../src/config/schema';
import { buildMutation, describeMutationProblem, type Mutation } from '../../src/mutations/mutation-command';
import { createMutationExecutor, type MutationExecutor } from '../../src/mutations/mutation-executor';
import type { SqlStore } from '../../src/store/sql-store';
import { openSqliteStore } from '../../src/store/sqlite-store';
import { createSshTransports, type SshTransports } from '../../src/transport/ssh-transport';
import { useTestLab } from '../helpers/lab';

// The e2e project's testTimeout in jest.config.js does not reach the tests (jest 30 treats it as a global option).
jest.setTimeout(300_000);

const tsx = path.resolve(__dirname, '../../node_modules/.bin/tsx');
const stepProcess = path.resolve(__dirname, '../helpers/execute-step-process.ts');

async function until<T>(probe: () => Promise<T> | T, done: (value: T) => boolean, withinMs: number, what: string): Promise<T> {
  const deadline = Date.now() + withinMs;
  for (;;) {
    const value = await probe();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`${what} did not happen within ${withinMs} ms (last: ${JSON.stringify(value)})`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

interface Exited {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** A bot process running one step; `exited` settles when it ends, however it ends. */
function startStepProcess(configFile: string, storeFile: string, stepId: string) {
  const child = spawn(tsx, [stepProcess, configFile, storeFile, stepId], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<Exited>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal, stdout, stderr })));
  return { child, exited };
}

const lines = (file: string): string[] => (existsSync(file) ? readFileSync(file, 'utf8').trim().split('\n') : []);

describe('the mutation executor on a real lab node', () => {
  const lab = useTestLab({ nodes: 1 });
  let config: BotConfig;
  let cluster: ClusterConfig;
  let store: SqlStore;
  let storeFile: string;
  let nodeName: string;
  let transports: SshTransports;
  let executor: MutationExecutor;

  beforeAll(async () => {
    const loaded = loadConfigFile(lab().configPath);
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.error));
    config = loaded.value.config;
    cluster = config.clusters[0] as ClusterConfig;
    nodeName = lab().node('1').name;
    storeFile = path.join(lab().dir, 'mutations.sqlite');
    store = openSqliteStore(storeFile);
    await store.opened();
    transports = createSshTransports(config);
    executor = createMutationExecutor({ journal: store, mutatorFor: transports.mutatorFor, now: () => new Date() });
  });
  afterAll(async () => {
    await transports?.closeAll();
    await store?.close();
  });

  async function plan(inCluster: ClusterConfig, mutation: Mutation, stepId: string): Promise<void> {
    const built = buildMutation(inCluster, mutation);
    if (!built.ok) throw new Error(describeMutationProblem(built.error));
    await executor.plan(built.value, { stepId, actor: 'U0ALICE', runbookId: 'rb-e2e' });
  }

  /** `rabbitmq-diagnostics check_running`: exit 0 only while the rabbit application runs on the node. */
  const appRunning = async (): Promise<boolean> => {
    const diagnostics = path.join(path.dirname(RABBITMQCTL), 'rabbitmq-diagnostics');
    const result = await runCommand([diagnostics, '-n', nodeName, 'check_running'], { env: lab().cliEnv, cwd: lab().homeDir, timeoutMs: 60_000 });
    return result.exitCode === 0;
  };

  it('stops and starts the RabbitMQ app through journaled steps, each recorded started → completed', async () => {
    expect(await appRunning()).toBe(true);
    await plan(cluster, { action: 'stop_app', node: nodeName }, 'e2e-stop');
    expect(await executor.execute('e2e-stop')).toMatchObject({ kind: 'finished', outcome: { kind: 'completed', exitCode: 0, outputExcerpt: expect.stringContaining(`Stopping rabbit application on node ${nodeName}`) } });
    expect(await appRunning()).toBe(false);

    await plan(cluster, { action: 'start_app', node: nodeName }, 'e2e-start');
    expect(await executor.execute('e2e-start')).toMatchObject({ kind: 'finished', outcome: { kind: 'completed', exitCode: 0 } });
    expect(await appRunning()).toBe(true);

    for (const stepId of ['e2e-stop', 'e2e-start']) {
      const step = await store.getStep(stepId);
      expect(step).toMatchObject({ state: 'completed', node: nodeName, runbookId: 'rb-e2e' });
      expect(step?.startedAt?.getTime()).toBeLessThanOrEqual(step?.finishedAt?.getTime() ?? 0);
    }
    const { events } = await store.listTimeline({ cluster: cluster.name, limit: 20 });
    const stepEvents = events
      .flatMap((e) => (e.kind === 'step-planned' || e.kind === 'step-started' ? [`${e.kind} ${e.details.action}`] : e.kind === 'step-finished' ? [`${e.kind} ${e.details.action} ${e.details.outcome}`] : []))
      .reverse();
    expect(stepEvents).toEqual(['step-planned stop_app', 'step-started stop_app', 'step-finished stop_app completed', 'step-planned start_app', 'step-started start_app', 'step-finished start_app completed']);
  });

  it('leaves a step killed between "started" and "completed" as outcome unknown, and a restarted bot never re-sends it', async () => {
    const record = path.join(lab().dir, 'restart-record');
    // The node's configured restart, made slow and recording: each run appends its PID, then waits.
    const slowRestart = ['sh', '-c', `echo $$ >> ${record}; exec sleep 300`];
    const withSlowRestart: ClusterConfig = { ...cluster, nodes: cluster.nodes.map((n) => (n.name === nodeName ? { ...n, serviceRestart: slowRestart } : n)) };
    const configFile = path.join(lab().dir, 'mutation-bot.yml');
    // YAML is a superset of JSON: the file goes through the bot's own loader and schema.
    writeFileSync(configFile, JSON.stringify({ ...config, clusters: [withSlowRestart] }));
    await plan(withSlowRestart, { action: 'service_restart', node: nodeName }, 'e2e-killed');

    const bot = startStepProcess(configFile, storeFile, 'e2e-killed');
    try {
      // Waits for states, not for time: the journal says started and the node has run the command.
      // Bounded by the bot's own deadlines (plus its start-up): the step must be started and sent within them.
      const within = config.deadlines.connectMs + config.deadlines.mutationMs;
      await until(() => store.getStep('e2e-killed'), (step) => step?.state === 'started', within, 'the step being started');
      await until(() => lines(record), (runs) => runs.length === 1, within, 'the restart command reaching the node');
    } finally {
      bot.child.kill('SIGKILL');
    }
    expect(await bot.exited).toMatchObject({ signal: 'SIGKILL' });
    expect(await store.getStep('e2e-killed')).toMatchObject({ state: 'started', outcome: null, finishedAt: null });

    const restarted = await startStepProcess(configFile, storeFile, 'e2e-killed').exited;
    expect(restarted).toMatchObject({ code: 0, stderr: '' });
    const [report, execution] = restarted.stdout.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    const verify = `step e2e-killed (service_restart on ${nodeName}) was started at ${(await store.getStep('e2e-killed'))?.startedAt?.toISOString()} and no outcome was recorded: outcome unknown, verify before retrying`;
    expect(report).toEqual({ unfinished: [{ stepId: 'e2e-killed', report: verify }] });
    expect(execution).toEqual({ execution: { kind: 'refused', report: verify } });

    const [pid] = lines(record);
    expect(lines(record)).toHaveLength(1);
    expect(await store.getStep('e2e-killed')).toMatchObject({ state: 'started', outcome: null });
    // The one run still sleeps on the node (nothing ends it but the remote deadline): stop it by its PID.
    try {
      process.kill(Number(pid), 'SIGKILL');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ESRCH') throw e;
    }
  });
});
