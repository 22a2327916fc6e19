import type { ConsoleAsker } from '../../src/drills/console-asker';
import { drillPassed, renderDrillReport } from '../../src/drills/drill-report';
import type { ConfigEdit, Scenario } from '../../src/drills/drill-types';
import { headline, says } from '../../src/drills/expectations';
import { runDrill, type DrillTarget } from '../../src/drills/run-drill';
import type { Lab } from '../../src/lab/lab';
import { SCENARIOS } from '../../src/drills/scenario-catalog';

/*
 * The runner's own logic (phases, retries until a state, skips, the report) over a console that
 * answers from a script. The real console on real labs is what `npm run drills` exercises.
 */
function scriptedConsole(answers: string[], asked: string[], edits: (ConfigEdit | undefined)[]): (edit?: ConfigEdit) => ConsoleAsker {
  return (edit) => {
    edits.push(edit);
    return {
      ask: async (line) => {
        asked.push(line);
        return answers.shift() ?? '(no more answers)';
      },
      close: async () => 0,
    };
  };
}

const healthy = '✔ 3 of 3 nodes up; no problems seen\n';
const down = '✖ 2 of 3 nodes up; r3@h: RabbitMQ down\n';
const cast = { cluster: 'lab', subject: 'r3@h', others: ['r1@h', 'r2@h'] };
const fakeLab = {} as Lab;

function scenario(actions: string[], edit?: ConfigEdit): Scenario {
  return {
    name: 'test-crash',
    summary: 'a test scenario',
    lab: { nodes: 3, network: 'loopback', partitionHandling: 'ignore' },
    subject: '3',
    readOnlyHint: 'crash NODE',
    plan: ({ subject }) => ({
      prepare: [{ kind: 'ask', line: '/rmq status', expect: [headline('3 of 3 nodes up; no problems seen')] }],
      inject: [{ kind: 'act', label: `crash ${subject}`, run: async () => (actions.push('crash'), 'killed') }],
      ...(edit ? { duringConfig: () => edit } : {}),
      during: [{ kind: 'ask', line: '/rmq status', expect: [says(`${subject}: RabbitMQ down`)], untilMs: 1_000 }],
      recover: [{ kind: 'act', label: 'start it', run: async () => (actions.push('start'), [{ label: 'it booted', passed: true, seen: 'pid 42' }]) }],
    }),
  };
}

describe('runDrill', () => {
  it('runs the phases in order, asks again until the state is reached, and passes', async () => {
    const asked: string[] = [];
    const actions: string[] = [];
    const edit: ConfigEdit = () => undefined;
    const edits: (ConfigEdit | undefined)[] = [];
    const target: DrillTarget = { lab: fakeLab, cast, description: 'a scripted lab', openConsole: scriptedConsole([healthy, healthy, down], asked, edits) };
    const report = await runDrill(scenario(actions, edit), target);
    expect(actions).toEqual(['crash', 'start']);
    expect(asked).toEqual(['/rmq status', '/rmq status', '/rmq status']);
    // The during phase got a console on the changed config, the prepare phase the plain one.
    expect(edits).toEqual([undefined, edit]);
    expect(report.steps.map((s) => [s.phase, s.title, s.tries])).toEqual([
      ['prepare', 'ask "/rmq status"', 1],
      ['inject', 'crash r3@h', undefined],
      ['during', 'ask "/rmq status" until right, within 1.0 s', 2],
      ['recover', 'start it', undefined],
    ]);
    expect(drillPassed(report)).toBe(true);
    expect(renderDrillReport(report)).toMatch(/^result: PASS: 3 of 3 expectations held, in \d+\.\d s$/m);
  });

  it('reports a wrong answer with what the bot said, and still recovers the lab', async () => {
    const actions: string[] = [];
    const report = await runDrill(scenario(actions), { lab: fakeLab, cast, description: 'a scripted lab', openConsole: scriptedConsole([down], [], []) });
    expect(drillPassed(report)).toBe(false);
    expect(actions).toEqual(['crash', 'start']);
    const text = renderDrillReport(report);
    expect(text).toContain('      FAIL   the verdict reads "3 of 3 nodes up; no problems seen"');
    expect(text).toContain('             | ✖ 2 of 3 nodes up; r3@h: RabbitMQ down');
    expect(text).toMatch(/^result: FAIL: \d of 3 expectations held/m);
  });

  it('without a lab, asks only the questions of the fault and injects nothing', async () => {
    const asked: string[] = [];
    const actions: string[] = [];
    const report = await runDrill(scenario(actions), { lab: null, cast, description: 'cluster prod', openConsole: scriptedConsole([down], asked, []) });
    expect(actions).toEqual([]);
    expect(asked).toEqual(['/rmq status']);
    expect(report.steps.map((s) => s.skipped)).toEqual(['lab only', 'faults are injected in the lab only', undefined, 'faults are injected in the lab only']);
    expect(drillPassed(report)).toBe(true);
  });

  it('stops at an action that fails, and says why', async () => {
    const failing: Scenario = { ...scenario([]), plan: (c) => ({ ...scenario([]).plan(c), inject: [{ kind: 'act', label: 'crash', run: async () => Promise.reject(new Error('no such pid')) }] }) };
    const report = await runDrill(failing, { lab: fakeLab, cast, description: 'a scripted lab', openConsole: scriptedConsole([healthy], [], []) });
    expect(report.steps.map((s) => s.error ?? s.skipped ?? 'ran')).toEqual(['ran', 'no such pid', 'an earlier step failed', 'an earlier step failed']);
    expect(renderDrillReport(report)).toContain('1 step failed to run');
  });
});

describe('the scenario catalog', () => {
  it('has every drill of the issue, each with a unique name', () => {
    const names = SCENARIOS.map((s) => s.name);
    expect(new Set(names).size).toBe(names.length);
    expect(names).toEqual(
      expect.arrayContaining(['crash', 'hang', 'ssh-silent', 'partition-ignore', 'partition-pause-minority', 'partition-autoheal', 'forget', 'memory-alarm', 'disk-alarm', 'cookie-mismatch', 'seed-2016']),
    );
  });

  it('plans every scenario for any cluster: the read-only half needs no lab', () => {
    for (const s of SCENARIOS) {
      const plan = s.plan({ cluster: 'prod', subject: 'rabbit@mq3', others: ['rabbit@mq1', 'rabbit@mq2'] });
      expect(plan.during.some((step) => step.kind === 'ask')).toBe(true);
    }
  });
});
