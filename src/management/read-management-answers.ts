import type { HttpAnswer } from './http-over-channel';
import { healthCheckSchema, memoryCategories, nodeMemorySchema, overviewSchema, type HealthCheck, type Overview } from './management-model';

/** Health checks asked where the version has them (3.8.10+); older versions answer 404. */
export const HEALTH_CHECKS = ['alarms', 'local-alarms', 'node-is-quorum-critical', 'virtual-hosts'] as const;

export interface ManagementAnswers {
  readonly overview: HttpAnswer;
  readonly memory: HttpAnswer | null;
  readonly health: ReadonlyMap<string, HttpAnswer>;
}

/** How the API answered, or why it did not. `silent` is the incident's "the management UI would not open". */
export type ManagementVerdict =
  | { readonly kind: 'answered'; readonly overview: Overview; readonly memory: Readonly<Record<string, number>> | null; readonly health: readonly HealthCheck[] }
  | { readonly kind: 'login-refused'; readonly detail: string }
  | { readonly kind: 'silent'; readonly reason: 'nothing-listens' | 'timeout' | 'closed' | 'http-error' | 'ssh'; readonly detail: string };

/** The body as JSON, or undefined for a schema to refuse. */
export const parseJson = (body: string): unknown => {
  try {
    return JSON.parse(body);
  } catch {
    return undefined;
  }
};

function healthOf(check: string, answer: HttpAnswer | undefined): HealthCheck {
  if (answer === undefined || answer.kind === 'no-answer') return { check, state: 'failed', reason: answer?.detail ?? 'not asked' };
  if (answer.status === 404) return { check, state: 'not-in-this-version', reason: null };
  const parsed = healthCheckSchema.safeParse(parseJson(answer.body));
  if (answer.status === 200 && parsed.success && parsed.data.status === 'ok') return { check, state: 'ok', reason: null };
  return { check, state: 'failed', reason: parsed.success ? (parsed.data.reason ?? parsed.data.status) : `HTTP ${answer.status}` };
}

/** Pure: turns the HTTP answers of one node into a verdict. */
export function readManagementAnswers(answers: ManagementAnswers): ManagementVerdict {
  const { overview } = answers;
  if (overview.kind === 'no-answer') return { kind: 'silent', reason: overview.reason, detail: overview.detail };
  if (overview.status === 401) return { kind: 'login-refused', detail: 'the API refused the configured user and password (HTTP 401)' };
  const parsedOverview = overviewSchema.safeParse(parseJson(overview.body));
  if (overview.status !== 200 || !parsedOverview.success) {
    return { kind: 'silent', reason: 'http-error', detail: `GET /api/overview gave HTTP ${overview.status}${parsedOverview.success ? '' : ' without the JSON it should carry'}` };
  }
  const memoryAnswer = answers.memory;
  const parsedMemory = memoryAnswer?.kind === 'answered' && memoryAnswer.status === 200 ? nodeMemorySchema.safeParse(parseJson(memoryAnswer.body)) : null;
  return {
    kind: 'answered',
    overview: parsedOverview.data,
    memory: parsedMemory?.success ? memoryCategories(parsedMemory.data) : null,
    health: HEALTH_CHECKS.map((check) => healthOf(check, answers.health.get(check))),
  };
}
