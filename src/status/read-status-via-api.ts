import type { BotConfig, NodeConfig } from '../config/schema';
import type { NodeReport } from '../inspect/cluster-inspector';
import { createManagementClient } from '../management/management-client';
import type { ManagementConfig } from '../management/management-config';
import { withinDeadline } from '../amqp/within-deadline';
import { apiNodesSchema } from '../management/management-model';
import { parseJson } from '../management/read-management-answers';
import { backstopSignal } from '../transport/backstop-signal';
import type { SecretSources } from '../secrets/load-secret';
import type { NodeReader } from '../transport/types';
import { readApiNodes } from './read-api-nodes';

/**
 * How long an open channel waits for the API before status asks rabbitmqctl instead. A healthy API
 * answers `/api/nodes` in tens of milliseconds; the incident's API never answers, and then this is
 * all the fast path costs before the fallback.
 */
export const STATUS_API_ANSWER_MS = 1_500;

/** The node's report from its API, or why rabbitmqctl has to be asked. An SSH failure is a report: rabbitmqctl would travel the same way. */
export type ApiStatus = { readonly kind: 'read'; readonly report: NodeReport } | { readonly kind: 'missed'; readonly reason: string };

const missed = (reason: string): ApiStatus => ({ kind: 'missed', reason });

/** The longest a status read through the API takes before rabbitmqctl is asked: the SSH connect, then the forward's and the answer's windows. */
export const statusApiBoundMs = (management: Pick<ManagementConfig, 'deadlineMs'>, deadlines: Pick<BotConfig['deadlines'], 'connectMs'>): number =>
  deadlines.connectMs + 2 * Math.min(management.deadlineMs, STATUS_API_ANSWER_MS);

/**
 * One GET of `/api/nodes` on the node's own API, over its open SSH connection: both `status` and
 * `cluster_status` in one call. Whatever the channel does (a hung node's listener can hold a forward
 * or its close), the answer comes within the SSH connect plus the forward's and the answer's windows,
 * and rabbitmqctl is asked instead.
 */
export async function readStatusViaApi(reader: NodeReader, cluster: string, node: NodeConfig, management: ManagementConfig, deadlines: BotConfig['deadlines'], secrets?: SecretSources): Promise<ApiStatus> {
  const boundMs = statusApiBoundMs(management, deadlines);
  const timed = await withinDeadline(askApiNodes(reader, cluster, node, management, deadlines, secrets), boundMs);
  if (timed.kind === 'done') return timed.value;
  return missed(timed.kind === 'timeout' ? `no answer within ${boundMs} ms` : `the API read failed (${timed.error instanceof Error ? timed.error.message : String(timed.error)})`);
}

async function askApiNodes(reader: NodeReader, cluster: string, node: NodeConfig, management: ManagementConfig, deadlines: BotConfig['deadlines'], secrets?: SecretSources): Promise<ApiStatus> {
  const started = performance.now();
  const client = createManagementClient(reader, node, management, secrets);
  if (!client.ok) return missed(client.error.detail);
  const answerWithinMs = Math.min(management.deadlineMs, STATUS_API_ANSWER_MS);
  const answer = await client.value.get('/api/nodes', backstopSignal(deadlines), answerWithinMs);
  const durationMs = Math.round(performance.now() - started);
  if (answer.kind === 'no-channel') {
    if (answer.ssh !== null) return { kind: 'read', report: { kind: 'ssh-failed', cluster, node: node.name, ssh: answer.ssh, durationMs } };
    return missed(answer.refused ? 'nothing listens on its port' : answer.detail);
  }
  if (answer.kind === 'no-answer') return missed(answer.reason === 'timeout' ? `no answer within ${answerWithinMs} ms` : answer.detail);
  if (answer.status !== 200) return missed(answer.status === 401 ? 'it refused the configured login (HTTP 401)' : `HTTP ${answer.status}`);
  const parsed = apiNodesSchema.safeParse(parseJson(answer.body));
  if (!parsed.success) return missed('its /api/nodes answer is not what the bot reads');
  const read = readApiNodes(parsed.data, node.name);
  if (read === null) return missed('it does not list the node as running with its figures (yet)');
  return {
    kind: 'read',
    report: { kind: 'reached', cluster, node: node.name, status: { kind: 'ok', value: read.status }, view: { kind: 'ok', value: read.view }, vitals: { kind: 'not-probed' }, management: { kind: 'not-probed' }, durationMs },
  };
}
