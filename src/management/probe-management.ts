import type { NodeConfig } from '../config/schema';
import type { SecretSources } from '../secrets/load-secret';
import type { NodeReader } from '../transport/types';
import type { HttpAnswer } from './http-over-channel';
import { createManagementClient, type NoChannel } from './management-client';
import { managementPortOf, type ManagementConfig } from './management-config';
import { HEALTH_CHECKS, readManagementAnswers, type ManagementVerdict } from './read-management-answers';

export interface ManagementProbe {
  readonly node: string;
  readonly port: number;
  readonly verdict: ManagementVerdict;
  readonly durationMs: number;
}

const asHttp = (answer: HttpAnswer | NoChannel): HttpAnswer => (answer.kind === 'no-channel' ? { kind: 'no-answer', reason: 'closed', detail: answer.detail } : answer);

/**
 * Asks one node's management API through its SSH connection: the overview first (does it answer at
 * all, within the deadline?), then the node's memory breakdown and the health checks in parallel.
 */
export async function probeManagement(reader: NodeReader, node: NodeConfig, config: ManagementConfig, secrets?: SecretSources): Promise<ManagementProbe> {
  const started = performance.now();
  const done = (verdict: ManagementVerdict): ManagementProbe => ({ node: node.name, port: managementPortOf(config, node.name), verdict, durationMs: Math.round(performance.now() - started) });
  const client = createManagementClient(reader, node, config, secrets);
  if (!client.ok) return done({ kind: 'login-refused', detail: client.error.detail });
  const signal = AbortSignal.timeout(config.deadlineMs);
  const get = (path: string) => client.value.get(path, signal);

  // The channel itself may wait on an SSH connect; the deadline covers that wait too.
  const overview = await Promise.race([get('/api/overview'), new Promise<null>((resolve) => signal.addEventListener('abort', () => resolve(null), { once: true }))]);
  if (overview === null) return done({ kind: 'silent', reason: 'timeout', detail: `no answer within ${config.deadlineMs} ms` });
  if (overview.kind === 'no-channel') return done({ kind: 'silent', reason: overview.refused ? 'nothing-listens' : overview.timedOut ? 'timeout' : 'ssh', detail: overview.detail });
  if (overview.kind !== 'answered' || overview.status !== 200) return done(readManagementAnswers({ overview, memory: null, health: new Map() }));

  const [memory, health] = await Promise.all([
    get(`/api/nodes/${encodeURIComponent(node.name)}/memory`),
    Promise.all(HEALTH_CHECKS.map(async (check) => [check, asHttp(await get(`/api/health/checks/${check}`))] as const)),
  ]);
  return done(readManagementAnswers({ overview, memory: asHttp(memory), health: new Map(health) }));
}
