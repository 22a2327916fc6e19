import type { InputReport } from './analysis-report';

export type InputProblem = 'empty' | 'binary';

/** An input that yielded no analysis, with why. */
export const failedInput = (source: string, error: string): InputReport => ({ source, kind: 'unknown', status: null, cluster: null, findings: [], error });

export const PROBLEM_MESSAGES: Readonly<Record<InputProblem, string>> = {
  empty: 'the input is empty: nothing to analyze',
  binary: 'the input looks binary (not a log or rabbitmqctl output); pass the text log or the command output',
};
