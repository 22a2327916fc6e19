import { readFixture } from '../helpers/fixtures';
import type { HttpAnswer } from '../../src/management/http-over-channel';
import { buildManagementSchema } from '../../src/management/management-config';
import { HEALTH_CHECKS, readManagementAnswers } from '../../src/management/read-management-answers';
import { secretRef } from '../../src/config/schema';

/** A `curl -i` capture as the HTTP answer it was. */
function capturedAnswer(fixture: string): HttpAnswer {
  const text = readFixture(`management/${fixture}`).replace(/\r\n/g, '\n');
  const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1]);
  const body = text.slice(text.indexOf('\n\n') + 2);
  return { kind: 'answered', status, body, truncated: false };
}

const healthAnswers = new Map(HEALTH_CHECKS.map((check) => [check, capturedAnswer(`3.10.8-health-${check === 'node-is-quorum-critical' ? 'quorum-critical' : check}.txt`)]));

describe('management API answers captured from a 3.10.8 lab node', () => {
  it('reads the overview, the memory breakdown and every health check', () => {
    const verdict = readManagementAnswers({ overview: capturedAnswer('3.10.8-overview.txt'), memory: capturedAnswer('3.10.8-node-memory.txt'), health: healthAnswers });
    if (verdict.kind !== 'answered') throw new Error(JSON.stringify(verdict));
    expect(verdict.overview).toMatchObject({ management_version: '3.10.8', rabbitmq_version: '3.10.8', object_totals: { connections: 0 } });
    expect(verdict.memory).toMatchObject({ plugins: 684900, mgmt_db: 224184, code: 34680694 });
    expect(verdict.memory).not.toHaveProperty('total');
    expect(verdict.health.map((h) => [h.check, h.state])).toEqual(HEALTH_CHECKS.map((check) => [check, 'ok']));
  });

  it('a wrong password is a refused login, not a silent API', () => {
    expect(readManagementAnswers({ overview: capturedAnswer('3.10.8-wrong-password.txt'), memory: null, health: new Map() })).toMatchObject({ kind: 'login-refused' });
  });

  it('health checks a version lacks are named as such', () => {
    const notFound: HttpAnswer = { kind: 'answered', status: 404, body: '{"error":"Object Not Found","reason":"Not Found"}', truncated: false };
    const verdict = readManagementAnswers({ overview: capturedAnswer('3.10.8-overview.txt'), memory: null, health: new Map(HEALTH_CHECKS.map((c) => [c, notFound])) });
    expect(verdict.kind === 'answered' && verdict.health.every((h) => h.state === 'not-in-this-version')).toBe(true);
  });

  it('a failing check keeps its reason (503 with status failed)', () => {
    const failed: HttpAnswer = { kind: 'answered', status: 503, body: '{"status":"failed","reason":"There are alarms in effect in the cluster"}', truncated: false };
    const verdict = readManagementAnswers({ overview: capturedAnswer('3.10.8-overview.txt'), memory: null, health: new Map([['alarms', failed]]) });
    expect(verdict.kind === 'answered' && verdict.health[0]).toEqual({ check: 'alarms', state: 'failed', reason: 'There are alarms in effect in the cluster' });
  });

  it('an old 3.2-era overview without totals or churn still parses', () => {
    const old: HttpAnswer = { kind: 'answered', status: 200, body: '{"management_version":"3.2.4","message_stats":{"publish_details":{"rate":12.5}},"node":"rabbit@qc-moses-rmq-bak-1"}', truncated: false };
    expect(readManagementAnswers({ overview: old, memory: null, health: new Map() })).toMatchObject({ kind: 'answered', overview: { management_version: '3.2.4' } });
  });

  it.each<[string, HttpAnswer]>([
    ['no answer before the deadline', { kind: 'no-answer', reason: 'timeout', detail: 'no complete HTTP answer before the deadline' }],
    ['HTML instead of JSON', { kind: 'answered', status: 200, body: '<html>proxy error</html>', truncated: false }],
    ['a 500', { kind: 'answered', status: 500, body: '{"error":"internal"}', truncated: false }],
  ])('%s is a silent API', (_, overview) => {
    expect(readManagementAnswers({ overview, memory: null, health: new Map() }).kind).toBe('silent');
  });
});

describe('the management: config key', () => {
  const schema = buildManagementSchema(secretRef);
  it('needs the password as a secret reference, never inline', () => {
    expect(schema.safeParse({ user: 'monitoring', password: 'hunter2' }).success).toBe(false);
    expect(schema.parse({ user: 'monitoring', password: { env: 'RMQ_BOT_MGMT_PASSWORD' } })).toMatchObject({ port: 15672, deadlineMs: 5000, nodePorts: {} });
  });
});
