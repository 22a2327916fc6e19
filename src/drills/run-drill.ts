import type { Lab } from '../lab/lab';
import type { ConsoleAsker } from './console-asker';
import { drillPassed, type CheckResult, type DrillReport, type StepReport } from './drill-report';
import { DRILL_PHASES, type AskStep, type ConfigEdit, type DrillCast, type DrillPhase, type DrillStep, type Scenario } from './drill-types';

/**
 * Where a drill runs. With a lab, every phase runs; without one (a team's own cluster), only the
 * questions of the `during` phase: the team has broken the cluster itself, and faults are never
 * injected outside the lab.
 */
export interface DrillTarget {
  readonly lab: Lab | null;
  readonly cast: DrillCast;
  readonly description: string;
  /** A console on the bot config for this target, changed by `edit` when given. */
  readonly openConsole: (edit?: ConfigEdit) => ConsoleAsker;
}

const RETRY_PAUSE_MS = 500;
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

async function ask(step: AskStep, console: ConsoleAsker): Promise<{ checks: CheckResult[]; tries: number; answer: string }> {
  const started = performance.now();
  for (let tries = 1; ; tries++) {
    const answer = await console.ask(step.line);
    const checks = step.expect.map((e) => ({ label: e.label, passed: e.holds(answer) }));
    const waited = performance.now() - started;
    if (checks.every((c) => c.passed) || step.untilMs === undefined || waited >= step.untilMs) return { checks, tries, answer };
    await sleep(RETRY_PAUSE_MS);
  }
}

const describeAsk = (step: AskStep): string => `ask "${step.line}"${step.untilMs === undefined ? '' : ` until right, within ${(step.untilMs / 1000).toFixed(1)} s`}`;

export type DrillProgress = (line: string) => void;

/** Runs a scenario's steps in order and reports each one; a failed action stops the drill, a wrong answer does not (recovery still runs). */
export async function runDrill(scenario: Scenario, target: DrillTarget, progress: DrillProgress = () => undefined): Promise<DrillReport> {
  const started = performance.now();
  const since = () => Math.round(performance.now() - started);
  const plan = scenario.plan(target.cast);
  const steps: StepReport[] = [];
  let console: { asker: ConsoleAsker; edit: ConfigEdit | undefined } | null = null;
  let duringEdit: ConfigEdit | undefined;
  let broken = false;
  const consoleFor = async (phase: DrillPhase): Promise<ConsoleAsker> => {
    const edit = phase === 'during' ? duringEdit : undefined;
    if (console !== null && console.edit !== edit) {
      await console.asker.close();
      console = null;
    }
    console ??= { asker: target.openConsole(edit), edit };
    return console.asker;
  };
  const runStep = async (phase: DrillPhase, step: DrillStep): Promise<StepReport> => {
    const title = step.kind === 'ask' ? describeAsk(step) : step.label;
    const at = since();
    if (broken) return { phase, title, startedAtMs: at, durationMs: 0, checks: [], skipped: 'an earlier step failed' };
    if (step.kind === 'act') {
      if (target.lab === null) return { phase, title, startedAtMs: at, durationMs: 0, checks: [], skipped: 'faults are injected in the lab only' };
      try {
        const outcome = await step.run(target.lab);
        const base = { phase, title, startedAtMs: at, durationMs: since() - at };
        return typeof outcome === 'string' ? { ...base, detail: outcome, checks: [] } : { ...base, checks: outcome };
      } catch (e) {
        broken = true;
        return { phase, title, startedAtMs: at, durationMs: since() - at, checks: [], error: (e as Error).message };
      }
    }
    if (target.lab === null && phase !== 'during') return { phase, title, startedAtMs: at, durationMs: 0, checks: [], skipped: 'lab only' };
    const { checks, tries, answer } = await ask(step, await consoleFor(phase));
    const passed = checks.every((c) => c.passed);
    return { phase, title, startedAtMs: at, durationMs: since() - at, tries, checks, ...(passed ? {} : { answer }) };
  };
  try {
    for (const phase of DRILL_PHASES) {
      if (phase === 'during' && target.lab !== null) duringEdit = plan.duringConfig?.();
      for (const step of plan[phase]) {
        const report = await runStep(phase, step);
        steps.push(report);
        const verdict = report.skipped !== undefined ? 'skipped' : report.error !== undefined ? 'ERROR' : report.checks.every((c) => c.passed) ? 'ok' : 'FAIL';
        progress(`${scenario.name}: ${report.title}: ${verdict}`);
      }
    }
  } finally {
    await plan.cleanup?.().catch(() => undefined);
    await (console as { asker: ConsoleAsker } | null)?.asker.close();
  }
  const report = { scenario: scenario.name, summary: scenario.summary, target: target.description, steps, elapsedMs: since() };
  progress(`${scenario.name}: ${drillPassed(report) ? 'PASS' : 'FAIL'}`);
  return report;
}
