import type { DrillPhase } from './drill-types';

export interface CheckResult {
  readonly label: string;
  readonly passed: boolean;
  readonly seen?: string;
}

export interface StepReport {
  readonly phase: DrillPhase;
  /** `ask "/rmq status"` or the action's label. */
  readonly title: string;
  /** Since the drill started. */
  readonly startedAtMs: number;
  readonly durationMs: number;
  /** How many answers it took (asks that wait for a state). */
  readonly tries?: number;
  readonly detail?: string;
  readonly checks: readonly CheckResult[];
  /** The bot's last answer, kept when an expectation failed so the report shows what it said instead. */
  readonly answer?: string;
  /** Why the step did not run. */
  readonly skipped?: string;
  /** The action failed outright (the lab did not do what was asked). */
  readonly error?: string;
}

export interface DrillReport {
  readonly scenario: string;
  readonly summary: string;
  /** What the drill ran against, one line. */
  readonly target: string;
  readonly steps: readonly StepReport[];
  readonly elapsedMs: number;
}

export const stepPassed = (step: StepReport): boolean => step.error === undefined && step.checks.every((c) => c.passed);
export const drillPassed = (report: DrillReport): boolean => report.steps.every(stepPassed);

const secs = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;
const ANSWER_LINES = 40;

function renderStep(step: StepReport): string[] {
  const tries = step.tries !== undefined && step.tries > 1 ? `, ${step.tries} answers` : '';
  const took = step.skipped !== undefined ? `skipped: ${step.skipped}` : `${secs(step.durationMs)}${tries}`;
  const lines = [`  [${secs(step.startedAtMs).padStart(7)}] ${step.title}  (${took})`];
  if (step.detail) lines.push(`             ${step.detail}`);
  if (step.error !== undefined) lines.push(`      ERROR  ${step.error}`);
  for (const check of step.checks) {
    lines.push(`      ${check.passed ? 'pass' : 'FAIL'}   ${check.label}`);
    if (check.seen !== undefined && (!check.passed || check.seen.length <= 200)) lines.push(...check.seen.split('\n').slice(0, 6).map((l) => `             seen: ${l}`));
  }
  if (step.answer !== undefined) {
    const answer = step.answer.trimEnd().split('\n');
    lines.push('             the bot answered:', ...answer.slice(0, ANSWER_LINES).map((l) => `             | ${l}`));
    if (answer.length > ANSWER_LINES) lines.push(`             | … ${answer.length - ANSWER_LINES} more lines`);
  }
  return lines;
}

/** The report a person reads after a drill: every step with its time, every expectation pass/FAIL, and the bot's answer where it was wrong. */
export function renderDrillReport(report: DrillReport): string {
  const lines = [`drill ${report.scenario}: ${report.summary}`, `against: ${report.target}`];
  let phase: DrillPhase | null = null;
  for (const step of report.steps) {
    if (step.phase !== phase) {
      phase = step.phase;
      lines.push(phase);
    }
    lines.push(...renderStep(step));
  }
  const checks = report.steps.flatMap((s) => s.checks);
  const held = checks.filter((c) => c.passed).length;
  const errors = report.steps.filter((s) => s.error !== undefined).length;
  const verdict = drillPassed(report) ? 'PASS' : 'FAIL';
  lines.push(`result: ${verdict}: ${held} of ${checks.length} expectations held${errors > 0 ? `, ${errors} step${errors > 1 ? 's' : ''} failed to run` : ''}, in ${secs(report.elapsedMs)}`);
  return `${lines.join('\n')}\n`;
}
