import type { NodeConfig } from '../config/schema';
import { describeSecretProblem, loadSecret, processSecretSources, type SecretSources } from '../secrets/load-secret';
import type { NodeTransport } from '../transport/types';
import { httpGetOverChannel, type HttpAnswer } from './http-over-channel';
import { managementPortOf, type ManagementConfig } from './management-config';
import { HEALTH_CHECKS, readManagementAnswers, type ManagementVerdict } from './read-management-answers';

export interface ManagementProbe {
  readonly node: string;
  readonly port: number;
  readonly verdict: ManagementVerdict;
  readonly durationMs: number;
}

type NoChannel = { readonly kind: 'no-channel'; readonly refused: boolean; readonly detail: string };

/** JSON answers of these endpoints are small; a bound keeps a hostile or broken node from filling memory. */
const MAX_BODY_BYTES = 1024 * 1024;

/**
 * Asks one node's management API through its SSH connection: the overview first (does it answer at
 * all, within the deadline?), then the node's memory breakdown and the health checks in parallel.
 */
export async function probeManagement(transport: NodeTransport, node: NodeConfig, config: ManagementConfig, secrets: SecretSources = processSecretSources): Promise<ManagementProbe> {
  const started = performance.now();
  const port = managementPortOf(config, node.name);
  const done = (verdict: ManagementVerdict): ManagementProbe => ({ node: node.name, port, verdict, durationMs: Math.round(performance.now() - started) });
  const password = loadSecret(config.password, secrets);
  if (!password.ok) return done({ kind: 'login-refused', detail: `management password unavailable: ${describeSecretProblem(password.error)}` });
  if (transport.openLoopbackChannel === undefined) return done({ kind: 'silent', reason: 'ssh', detail: 'this transport cannot open channels' });
  const authorization = `Basic ${Buffer.from(`${config.user}:${password.value.replace(/\r?\n$/, '')}`).toString('base64')}`;
  const signal = AbortSignal.timeout(config.deadlineMs);

  const get = async (path: string): Promise<HttpAnswer | NoChannel> => {
    const channel = await transport.openLoopbackChannel?.(port);
    if (channel === undefined) return { kind: 'no-channel', refused: false, detail: 'this transport cannot open channels' };
    if (!channel.ok) return { kind: 'no-channel', refused: channel.error.kind === 'channel-refused', detail: channel.error.detail };
    return httpGetOverChannel(channel.value, { path, authorization, maxBytes: MAX_BODY_BYTES, signal });
  };

  const overview = await Promise.race([get('/api/overview'), new Promise<null>((resolve) => signal.addEventListener('abort', () => resolve(null), { once: true }))]);
  if (overview === null) return done({ kind: 'silent', reason: 'timeout', detail: `no answer within ${config.deadlineMs} ms` });
  if (overview.kind === 'no-channel') return done({ kind: 'silent', reason: overview.refused ? 'nothing-listens' : 'ssh', detail: overview.detail });
  if (overview.kind !== 'answered' || overview.status !== 200) return done(readManagementAnswers({ overview, memory: null, health: new Map() }));

  const asHttp = (answer: HttpAnswer | NoChannel): HttpAnswer => (answer.kind === 'no-channel' ? { kind: 'no-answer', reason: 'closed', detail: answer.detail } : answer);
  const [memory, health] = await Promise.all([
    get(`/api/nodes/${encodeURIComponent(node.name)}/memory`),
    Promise.all(HEALTH_CHECKS.map(async (check) => [check, asHttp(await get(`/api/health/checks/${check}`))] as const)),
  ]);
  return done(readManagementAnswers({ overview, memory: asHttp(memory), health: new Map(health) }));
}
