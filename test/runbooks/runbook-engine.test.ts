import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Actor, CommandContext, Services } from '../../src/commands/types';
import { configSchema, type BotConfig, type ClusterConfig } from '../../src/config/schema';
import { buildMutation } from '../../src/mutations/mutation-command';
import { createMutationExecutor } from '../../src/mutations/mutation-executor';
import type { RunbookDefinition } from '../../src/runbooks/definition';
import { createRunbookEngine, mutateLease } from '../../src/runbooks/runbook-engine';
import { runbookReply } from '../../src/runbooks/runbook-reply';
import type { SqlStore } from '../../src/store/sql-store';
import { openSqliteStore } from '../../src/store/sqlite-store';
import { createSshTransports, type SshTransports } from '../../src/transport/ssh-transport';
import { buildRegistry } from '../../src/app/build-registry';
import { runActionById, runCommandText } from '../../src/commands/run-command';
import { RUNBOOK_EVICT_OPEN } from '../../src/runbooks/evict-button';
import { silentLogger } from '../../src/observability/logger';
import { startSshd, type TestSshd } from '../helpers/sshd';
import { quickLab, scriptedInspector } from '../slack/harness';

/*
 * The engine over a real sshd and a real SQLite store. The runbooks here are test runbooks whose
 * one step is the catalog's configured service restart, pointed at a shell snippet that leaves a
 * record, so every test can tell how many times the action really ran; their verification reads
 * that record.
 */
let sshd: TestSshd;
let dir: string;
let store: SqlStore;
let transports: SshTransports;
let services: Services;
let clock = 0;
const now = () => new Date(Date.UTC(2026, 10, 30, 9) + clock * 1000);

const recordFile = () => path.join(dir, 'record');
const runs = (): string[] => (existsSync(recordFile()) ? readFileSync(recordFile(), 'utf8').trim().split('\n') : []);

const alice: Actor = { id: 'U0ALICE', role: 'operator' };
const bob: Actor = { id: 'U0BOB', role: 'approver' };
const carol: Actor = { id: 'U0CAROL', role: 'approver' };
const victor: Actor = { id: 'U0VICTOR', role: 'viewer' };

function testRunbook(kind: 'restart' | 'evict', level: 'mutating' | 'destructive'): RunbookDefinition {
  return {
    kind,
    level,
    title: kind,
    preview: async () => ({ checks: [{ name: 'always', passed: true, detail: 'a test pre-check' }], warnings: level === 'destructive' ? ['test warning'] : [], seenSince: null }),
    steps: [
      {
        name: 'restart',
        title: 'service restart',
        checks: async () => [{ name: 'reach', passed: true, detail: 'test' }],
        mutation: async (env) => ({ action: 'service_restart', node: env.node }),
        verify: async () => [{ name: 'recorded', passed: runs().length > 0, detail: `${runs().length} run(s)` }],
        onFailure: 'look at the record',
      },
    ],
    followUp: 'done.',
  };
}

/** Like the rejoin runbook's wipe: a step only some nodes need, destructive on its own. */
function wipeRunbook(): RunbookDefinition {
  const [restart] = testRunbook('evict', 'destructive').steps;
  if (restart === undefined) throw new Error('no test step');
  return {
    ...testRunbook('evict', 'destructive'),
    kind: 'rejoin',
    steps: [
      { ...restart, name: 'not-needed', needed: async () => ({ name: 'needed', passed: false, detail: 'the node runs, nothing to wipe' }) },
      { ...restart, name: 'wipe', needed: async () => ({ name: 'needed', passed: true, detail: 'the node is down' }), ownConfirmation: (env) => `removes the data of ${env.node} for good` },
    ],
  };
}

const engine = createRunbookEngine(
  new Map([
    ['restart', testRunbook('restart', 'mutating')],
    ['evict', testRunbook('evict', 'destructive')],
    ['rejoin', wipeRunbook()],
  ]),
);

const ctxOf = (actor: Actor): CommandContext => ({ actor, channel: 'console', services, progress: () => undefined });

function configFor(ssh: object, approvalTtlMs = 60_000): BotConfig {
  return configSchema.parse({
    clusters: [
      {
        name: 'lab',
        role: 'primary',
        nodes: [
          { name: 'rabbit1@localhost', ssh, serviceRestart: ['sh', '-c', `echo restart >> ${recordFile()}`] },
          { name: 'rabbit2@localhost', ssh },
        ],
      },
    ],
    deadlines: { connectMs: 10_000, commandMs: 1_000, mutationMs: 2_000 },
    runbooks: { requireApproval: true, approvalTtlMs },
  });
}

beforeAll(async () => {
  sshd = await startSshd();
});
afterAll(async () => {
  await sshd?.stop();
});

beforeEach(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'rmq-runbooks-'));
  const ssh = { host: '127.0.0.1', port: sshd.port, user: 'root', privateKey: { file: sshd.clientKey.privateKeyFile }, hostKey: sshd.hostKey.publicKey };
  const config = configFor(ssh);
  store = openSqliteStore(path.join(dir, 'bot.sqlite'));
  await store.opened();
  transports = createSshTransports(config);
  const executor = createMutationExecutor({ journal: store, mutatorFor: transports.mutatorFor, now });
  services = { config, inspector: scriptedInspector(quickLab), readerFor: transports.readerFor, store, executor, now };
});
afterEach(async () => {
  await transports.closeAll();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the runbook engine', () => {
  it('runs a mutating runbook once after its requester confirms, and records every check, action and verification', async () => {
    const opened = await engine.open('restart', 'lab', 'rabbit1@localhost', ctxOf(alice));
    expect(opened.state).toMatchObject({ id: 'RB-1', requester: 'U0ALICE', level: 'mutating' });
    expect(runs()).toEqual([]);
    expect(runbookReply(opened).blocks).toContainEqual({ kind: 'actions', buttons: [expect.objectContaining({ actionId: 'runbook.confirm', confirm: expect.anything() }), expect.objectContaining({ actionId: 'runbook.abort' })] });

    const done = await engine.confirm('RB-1', undefined, ctxOf(alice));
    expect(done.refusal).toBeNull();
    expect(done.state.closed).toMatchObject({ result: 'done' });
    expect(runs()).toEqual(['restart']);

    const twice = await engine.confirm('RB-1', undefined, ctxOf(alice));
    expect(twice.refusal).toMatch(/^RB-1 is done/);
    expect(runs()).toEqual(['restart']);

    const kinds = (await store.listTimeline({ limit: 100 })).events.map((e) => e.kind).reverse();
    expect(kinds).toEqual(expect.arrayContaining(['runbook-opened', 'runbook-check', 'runbook-decision', 'step-planned', 'runbook-action', 'runbook-step', 'runbook-closed']));
    const action = (await store.listTimeline({ limit: 100 })).events.find((e) => e.kind === 'runbook-action');
    expect(action?.details).toMatchObject({ argv: ['sh', '-c', `echo restart >> ${recordFile()}`], outcome: 'completed', exitCode: 0, durationMs: expect.any(Number) });
  });

  it('a destructive runbook: refuses without the typed name, refuses its requester as approver, runs after a second approver', async () => {
    await engine.open('evict', 'lab', 'rabbit1@localhost', ctxOf(alice));
    expect((await engine.confirm('RB-1', undefined, ctxOf(alice))).refusal).toBe('RB-1 is destructive: type the node\'s name to confirm — /rmq confirm RB-1 rabbit1@localhost');
    expect((await engine.confirm('RB-1', 'rabbit2@localhost', ctxOf(alice))).refusal).toMatch(/"rabbit2@localhost" is not rabbit1@localhost; nothing was done/);
    expect((await engine.confirm('RB-1', 'rabbit1@localhost', ctxOf(bob))).refusal).toMatch(/opened by U0ALICE; only they confirm it/);
    const confirmed = await engine.confirm('RB-1', 'rabbit1@localhost', ctxOf(alice));
    expect(confirmed.refusal).toBeNull();
    expect(runbookReply(confirmed).summary).toMatch(/Waiting for a second person with the approver role/);
    expect(runs()).toEqual([]);

    const selfApproval = await engine.approve('RB-1', ctxOf({ ...alice, role: 'approver' }));
    expect(selfApproval.refusal).toMatch(/you opened it, so you cannot approve it/);
    expect((await engine.approve('RB-1', ctxOf(victor))).refusal).toMatch(/needs the approver role; you have viewer/);
    expect(runs()).toEqual([]);

    const approved = await engine.approve('RB-1', ctxOf(bob));
    expect(approved.state.closed).toMatchObject({ result: 'done' });
    expect(runs()).toEqual(['restart']);
    expect((await engine.approve('RB-1', ctxOf(carol))).refusal).toMatch(/^RB-1 is done/);
    expect(runs()).toEqual(['restart']);
  });

  it('an approval given after its window is refused, and nothing runs', async () => {
    await engine.open('evict', 'lab', 'rabbit1@localhost', ctxOf(alice));
    await engine.confirm('RB-1', 'rabbit1@localhost', ctxOf(alice));
    clock += 61;
    expect((await engine.approve('RB-1', ctxOf(bob))).refusal).toMatch(/the approval window closed at 2026-11-30T09:01:00.000Z/);
    expect(runs()).toEqual([]);
    clock = 0;
  });

  it('refuses a second mutating runbook on the same cluster, naming who holds it and since when', async () => {
    await engine.open('restart', 'lab', 'rabbit1@localhost', ctxOf(alice));
    const second = await engine.open('restart', 'lab', 'rabbit2@localhost', ctxOf(bob));
    expect(second.refusal).toBe('RB-2 refused: another mutating runbook holds cluster lab: RB-1 (restart rabbit1@localhost, opened by U0ALICE at 2026-11-30T09:00:00.000Z). Wait for it, or abort it.');
    expect(second.state.closed).toMatchObject({ result: 'aborted' });
    await engine.abort('RB-1', ctxOf(alice));
    const third = await engine.open('restart', 'lab', 'rabbit2@localhost', ctxOf(bob));
    expect(third.refusal).toBeNull();
    expect(third.state.id).toBe('RB-3');
  });

  it('after a crash mid-step (started, no outcome) a resume verifies the step and never sends it again', async () => {
    await engine.open('restart', 'lab', 'rabbit1@localhost', ctxOf(alice));
    // What a bot that died right after writing "started" leaves: the plan and the start, no outcome.
    const plan = { cluster: 'lab', node: 'rabbit1@localhost', action: 'service_restart', argv: ['sh', '-c', `echo restart >> ${recordFile()}`], actor: 'U0ALICE', runbookId: 'RB-1' };
    await store.planStep({ ...plan, stepId: 'RB-1:0:restart#1' }, now());
    const lease = await store.acquireLease(mutateLease('lab'), 'RB-1', 60_000, now());
    await store.startStep('RB-1:0:restart#1', now(), lease.acquired ? { lease: mutateLease('lab'), token: lease.token } : undefined);
    // The node did run it before the bot died.
    const built = buildMutation(services.config.clusters[0] as ClusterConfig, { action: 'service_restart', node: 'rabbit1@localhost' });
    if (!built.ok) throw new Error('the test mutation did not build');
    await transports.mutatorFor('lab', 'rabbit1@localhost').send(built.value.command);
    expect(runs()).toEqual(['restart']);

    const resumed = await engine.confirm('RB-1', undefined, ctxOf(alice));
    expect(resumed.lines[0]).toMatch(/service_restart on rabbit1@localhost was sent at .* and its outcome is unknown: verifying, not sending it again/);
    expect(resumed.state.closed).toMatchObject({ result: 'done' });
    expect(runs()).toEqual(['restart']);
  });

  it('a double click (two confirmations at once) runs the action once and tells the second who confirmed first', async () => {
    await engine.open('restart', 'lab', 'rabbit1@localhost', ctxOf(alice));
    const [first, second] = await Promise.all([engine.confirm('RB-1', undefined, ctxOf(alice)), engine.confirm('RB-1', undefined, ctxOf(alice))]);
    const refusals = [first.refusal, second.refusal].filter((r) => r !== null);
    expect(refusals).toEqual([expect.stringMatching(/^RB-1 was already confirmed by U0ALICE at 2026-11-30T09:00:00.000Z\.$/)]);
    expect(runs()).toEqual(['restart']);
  });

  it('a double approval runs the action once; the second approver is told who approved first', async () => {
    await engine.open('evict', 'lab', 'rabbit1@localhost', ctxOf(alice));
    await engine.confirm('RB-1', 'rabbit1@localhost', ctxOf(alice));
    const [first, second] = await Promise.all([engine.approve('RB-1', ctxOf(bob)), engine.approve('RB-1', ctxOf(carol))]);
    expect([first.refusal, second.refusal].filter((r) => r !== null)).toEqual([expect.stringMatching(/^RB-1 was already approved by U0(BOB|CAROL) at /)]);
    expect(runs()).toEqual(['restart']);
  });

  it('a viewer starting a mutating runbook is refused with the role it needs, and nothing is opened', async () => {
    const reply = await runCommandText(buildRegistry(), 'restart rabbit1@localhost', ctxOf(victor), silentLogger);
    expect(reply.summary).toContain('`/rmq restart` needs the operator role; you have viewer.');
    expect((await store.listTimeline({ limit: 10 })).events.filter((e) => e.kind === 'runbook-opened')).toEqual([]);
    expect(runs()).toEqual([]);
  });

  it('skips a step its node does not need, and stops before a step destructive on its own until the requester types the name once more', async () => {
    await engine.open('rejoin', 'lab', 'rabbit1@localhost', ctxOf(alice));
    await engine.confirm('RB-1', 'rabbit1@localhost', ctxOf(alice));
    const paused = await engine.approve('RB-1', ctxOf(bob));
    expect(paused.lines).toEqual(['– step 1 (service restart) skipped: the node runs, nothing to wipe', '⚠ step 2 (service restart): removes the data of rabbit1@localhost for good']);
    expect(runbookReply(paused).summary).toMatch(/awaiting-step-confirmation\. Step 2 \(wipe\) is destructive on its own\. U0ALICE: type the node's name once more/);
    expect(runs()).toEqual([]);

    expect((await engine.show('RB-1', ctxOf(alice), true)).refusal).toBe("RB-1: step wipe is destructive on its own and waits for its requester to type the node's name — /rmq confirm RB-1 rabbit1@localhost");
    expect((await engine.confirm('RB-1', undefined, ctxOf(alice))).refusal).toMatch(/type the node's name to confirm/);
    expect((await engine.confirm('RB-1', 'rabbit1@localhost', ctxOf(bob))).refusal).toMatch(/opened by U0ALICE; only they confirm it/);
    expect(runs()).toEqual([]);

    const done = await engine.confirm('RB-1', 'rabbit1@localhost', ctxOf(alice));
    expect(done.state.closed).toMatchObject({ result: 'done' });
    expect(runs()).toEqual(['restart']);
    const decisions = (await store.listTimeline({ limit: 100 })).events.filter((e) => e.kind === 'runbook-decision' && e.details.decision === 'confirmed').map((e) => e.summary);
    expect(decisions.reverse()).toEqual(['RB-1 confirmed by U0ALICE (typed rabbit1@localhost)', 'RB-1 step wipe confirmed by U0ALICE (typed rabbit1@localhost)']);
  });

  it("the diagnosis's Evict button only opens the evict runbook with its pre-checks, for operators; nothing is planned or sent", async () => {
    const value = JSON.stringify({ cluster: 'lab', node: 'rabbit2@localhost' });
    const byViewer = await runActionById(buildRegistry(), RUNBOOK_EVICT_OPEN, value, ctxOf(victor), silentLogger);
    expect(byViewer.summary).toBe('That button needs the operator role; you have viewer.');

    const opened = await runActionById(buildRegistry(), RUNBOOK_EVICT_OPEN, value, ctxOf(alice), silentLogger);
    // Every scripted node answers, so the runbook's own pre-check refuses to go on.
    expect(opened.summary).toBe('RB-1: a pre-check failed, so it stops here; nothing was done.');
    const kinds = (await store.listTimeline({ limit: 100 })).events.map((e) => e.kind);
    expect(kinds).toContain('runbook-opened');
    expect(kinds).toContain('runbook-check');
    expect(kinds).not.toContain('step-planned');
    expect(await store.listUnfinishedSteps()).toEqual([]);
  });

  it('a viewer cannot resume a runbook, and an unknown id is named', async () => {
    await engine.open('restart', 'lab', 'rabbit1@localhost', ctxOf(alice));
    expect((await engine.show('RB-1', ctxOf(victor), true)).refusal).toMatch(/needs the operator role; you have viewer/);
    await expect(engine.show('RB-9', ctxOf(victor), false)).rejects.toThrow('There is no runbook RB-9.');
  });
});
