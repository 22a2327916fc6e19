import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { configSchema, type BotConfig, type ClusterConfig } from '../../src/config/schema';
import { buildMutation, describeMutationProblem, type Mutation } from '../../src/mutations/mutation-command';
import { createMutationExecutor, describeExecution, type MutationExecutor } from '../../src/mutations/mutation-executor';
import type { SqlStore } from '../../src/store/sql-store';
import { openSqliteStore } from '../../src/store/sqlite-store';
import { createSshTransports, type SshTransports } from '../../src/transport/ssh-transport';
import { freeLoopbackPort, startSshd, type TestSshd } from '../helpers/sshd';

/*
 * The executor over a real sshd and the real SQLite step journal. The mutations are the catalog's
 * configured service and switch commands, pointed at shell snippets that leave a record, so every
 * test can tell how many times a command really ran on the "node".
 */
let sshd: TestSshd;
let dir: string;
let store: SqlStore;
let transports: SshTransports;
let executor: MutationExecutor;
let cluster: ClusterConfig;
let closedPort: number;

const recordFile = () => path.join(dir, 'record');
const runs = (): string[] => (existsSync(recordFile()) ? readFileSync(recordFile(), 'utf8').trim().split('\n') : []);
let clock = 0;
const now = () => new Date(Date.UTC(2026, 10, 30, 9) + clock++ * 1000);

function configFor(mutationMs: number): BotConfig {
  const ssh = { host: '127.0.0.1', port: sshd.port, user: 'root', privateKey: { file: sshd.clientKey.privateKeyFile }, hostKey: sshd.hostKey.publicKey };
  return configSchema.parse({
    clusters: [
      {
        name: 'lab',
        role: 'primary',
        nodes: [
          {
            name: 'rabbit1@localhost',
            ssh,
            serviceRestart: ['sh', '-c', `echo restart >> ${recordFile()}`],
            serviceStart: ['sh', '-c', `echo start >> ${recordFile()}; echo partial; echo 'no such unit' >&2; exit 3`],
          },
          { name: 'rabbit2@localhost', ssh: { ...ssh, port: closedPort }, serviceRestart: ['sh', '-c', `echo never >> ${recordFile()}`] },
        ],
        // Outlives a short mutationMs: the executor stops waiting while the node may still be doing it.
        switch: { node: 'rabbit1@localhost', argv: ['sh', '-c', `echo switch >> ${recordFile()}; sleep 30`] },
      },
    ],
    // Generous for a loaded machine; the deadline test builds its own transports with a short one.
    deadlines: { connectMs: 10_000, commandMs: 1_000, mutationMs },
  });
}

beforeAll(async () => {
  sshd = await startSshd();
  closedPort = await freeLoopbackPort();
});
afterAll(async () => {
  await sshd?.stop();
});

beforeEach(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'rmq-executor-'));
  const config = configFor(30_000);
  cluster = config.clusters[0] as ClusterConfig;
  store = openSqliteStore(path.join(dir, 'bot.sqlite'));
  await store.opened();
  transports = createSshTransports(config);
  executor = createMutationExecutor({ journal: store, mutatorFor: transports.mutatorFor, now });
});
afterEach(async () => {
  await transports.closeAll();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

let nextStep = 0;
async function planned(mutation: Mutation): Promise<string> {
  const built = buildMutation(cluster, mutation);
  if (!built.ok) throw new Error(describeMutationProblem(built.error));
  const stepId = `step-${++nextStep}`;
  await executor.plan(built.value, { stepId, actor: 'U0ALICE', runbookId: null });
  return stepId;
}

describe('the mutation executor', () => {
  it('records started, sends once, and records the completed outcome with exit code and output', async () => {
    const stepId = await planned({ action: 'service_restart', node: 'rabbit1@localhost' });
    expect(await store.getStep(stepId)).toMatchObject({ state: 'planned', action: 'service_restart', node: 'rabbit1@localhost', startedAt: null });
    expect(await executor.execute(stepId)).toEqual({ kind: 'finished', stepId, outcome: { kind: 'completed', exitCode: 0, durationMs: expect.any(Number), outputExcerpt: '' } });
    const step = await store.getStep(stepId);
    expect(step).toMatchObject({ state: 'completed', startedAt: expect.any(Date), finishedAt: expect.any(Date) });
    expect(step?.startedAt?.getTime()).toBeLessThan(step?.finishedAt?.getTime() ?? 0);
    expect(runs()).toEqual(['restart']);

    const again = await executor.execute(stepId);
    expect(again).toMatchObject({ kind: 'refused', refusal: { kind: 'already-finished' } });
    expect(describeExecution(again)).toMatch(new RegExp(`^step ${stepId} already ran: completed in \\d+ ms$`));
    expect(runs()).toEqual(['restart']);
  });

  it('records a non-zero exit as completed, with what the command said', async () => {
    const stepId = await planned({ action: 'service_start', node: 'rabbit1@localhost' });
    const execution = await executor.execute(stepId);
    expect(execution).toMatchObject({ kind: 'finished', outcome: { kind: 'completed', exitCode: 3, outputExcerpt: 'partial\nno such unit' } });
    expect(describeExecution(execution)).toBe(`step ${stepId}: completed with exit code 3: partial`);
  });

  it('records not-sent when the node cannot be reached: nothing ran', async () => {
    const stepId = await planned({ action: 'service_restart', node: 'rabbit2@localhost' });
    const execution = await executor.execute(stepId);
    expect(execution).toMatchObject({ kind: 'finished', outcome: { kind: 'not-sent', reason: expect.stringContaining('cannot reach rabbit2@localhost') } });
    expect(describeExecution(execution)).toMatch(/nothing reached the node, plan it again to retry$/);
    expect(await store.getStep(stepId)).toMatchObject({ state: 'not-sent' });
    expect(runs()).toEqual([]);
  });

  it('records outcome-unknown when the mutation deadline passes mid-command', async () => {
    const stepId = await planned({ action: 'switch' });
    const shortDeadline = createSshTransports(configFor(1_000));
    try {
      const execution = await createMutationExecutor({ journal: store, mutatorFor: shortDeadline.mutatorFor, now }).execute(stepId);
      expect(execution).toMatchObject({ kind: 'finished', outcome: { kind: 'outcome-unknown', reason: expect.stringContaining('no exit status within 1000 ms'), durationMs: 1000 } });
      expect(describeExecution(execution)).toContain('outcome unknown, verify before retrying');
      expect(await store.getStep(stepId)).toMatchObject({ state: 'outcome-unknown' });
    } finally {
      await shortDeadline.closeAll();
    }
  });

  it('sends a step pressed twice at once exactly once', async () => {
    const stepId = await planned({ action: 'service_restart', node: 'rabbit1@localhost' });
    const other = createMutationExecutor({ journal: store, mutatorFor: transports.mutatorFor, now });
    const executions = await Promise.all([executor.execute(stepId), executor.execute(stepId), other.execute(stepId)]);
    expect(executions.filter((e) => e.kind === 'finished')).toHaveLength(1);
    expect(executions.filter((e) => e.kind === 'refused')).toHaveLength(2);
    expect(runs()).toEqual(['restart']);
  });

  it('never re-sends a step found started without an outcome, and lists it as one to verify', async () => {
    const stepId = await planned({ action: 'service_restart', node: 'rabbit1@localhost' });
    // What a bot that died after recording "started" leaves behind.
    expect(await store.startStep(stepId, now())).toEqual({ started: true });
    const restarted = createMutationExecutor({ journal: store, mutatorFor: transports.mutatorFor, now });
    const execution = await restarted.execute(stepId);
    expect(execution).toMatchObject({ kind: 'refused', refusal: { kind: 'outcome-unknown', step: { stepId, state: 'started' } } });
    expect(describeExecution(execution)).toMatch(new RegExp(`^step ${stepId} \\(service_restart on rabbit1@localhost\\) was started at \\S+ and no outcome was recorded: outcome unknown, verify before retrying$`));
    expect((await restarted.unfinished('lab')).map((s) => s.stepId)).toEqual([stepId]);
    expect(runs()).toEqual([]);
  });

  it('sends under the cluster lease only while its fencing token is the newest', async () => {
    const stepId = await planned({ action: 'service_restart', node: 'rabbit1@localhost' });
    const lease = 'mutations:lab';
    const first = await store.acquireLease(lease, 'replica-a', 1_000, new Date(0));
    // replica-a stalls past its TTL and replica-b takes the lock over.
    const second = await store.acquireLease(lease, 'replica-b', 60_000, new Date(5_000));
    if (!first.acquired || !second.acquired) throw new Error('leases not acquired');
    const stale = await executor.execute(stepId, { lease, token: first.token });
    expect(describeExecution(stale)).toBe(`step ${stepId} not sent: another holder took the cluster's mutation lock (token ${second.token})`);
    expect(await store.getStep(stepId)).toMatchObject({ state: 'planned' });
    expect(runs()).toEqual([]);
    expect(await executor.execute(stepId, { lease, token: second.token })).toMatchObject({ kind: 'finished', outcome: { kind: 'completed', exitCode: 0 } });
    expect(runs()).toEqual(['restart']);
  });

  it('refuses a step that was never planned, and a journal record outside the closed list', async () => {
    expect(describeExecution(await executor.execute('no-such-step'))).toBe('step no-such-step was never planned: plan it before running it');
    await store.planStep({ stepId: 'forged', cluster: 'lab', node: 'rabbit1@localhost', action: 'eval', argv: ['rabbitmqctl', 'eval', 'halt().'], actor: 'U0MALLORY', runbookId: null }, now());
    expect(describeExecution(await executor.execute('forged'))).toBe('step forged not sent: eval is not a mutation this bot knows');
    expect(await store.getStep('forged')).toMatchObject({ state: 'planned' });
    await store.planStep({ stepId: 'gone', cluster: 'lab', node: 'rabbit9@localhost', action: 'stop_app', argv: ['rabbitmqctl', 'stop_app'], actor: 'U0ALICE', runbookId: null }, now());
    expect(describeExecution(await executor.execute('gone'))).toBe('step gone not sent: node rabbit9@localhost is not configured in cluster lab any more');
    expect(await store.getStep('gone')).toMatchObject({ state: 'planned' });
  });
});
