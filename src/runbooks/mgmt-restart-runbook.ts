import type { NodeConfig } from '../config/schema';
import { statusOf } from '../inspect/cluster-inspector';
import type { ManagementConfig } from '../management/management-config';
import { probeManagement, type ManagementProbe } from '../management/probe-management';
import type { ManagementRestartVia } from '../mutations/mutation-command';
import { compareVersions } from '../rabbit/parse-version';
import type { Check, RunbookDefinition, RunbookEnv } from './definition';
import { snapshotOf, sshReach, whatRuns } from './cluster-probes';

/**
 * `rabbitmq-plugins --online` changes a running node since 3.4; before that it only edits the file
 * for the next boot, and `application:stop/start` in the node is what the incident's responders ran.
 * An unknown version gets `eval`: those two calls exist on every version.
 */
export function managementRestartVia(version: string | null): ManagementRestartVia {
  return version !== null && (compareVersions(version, '3.4.0') ?? -1) >= 0 ? 'plugins' : 'eval';
}

const NOT_CONFIGURED = 'the management API is not configured: add `management: { user, password }` to the bot config';

function managementOf(env: RunbookEnv): { node: NodeConfig; config: ManagementConfig } | string {
  const config = env.services.config.management;
  const node = env.cluster.nodes.find((n) => n.name === env.node);
  if (config === undefined) return NOT_CONFIGURED;
  return node === undefined ? `no node ${env.node} in cluster ${env.cluster.name}` : { node, config };
}

async function probe(env: RunbookEnv): Promise<ManagementProbe | string> {
  const found = managementOf(env);
  if (typeof found === 'string') return found;
  return probeManagement(env.services.readerFor(env.cluster.name, env.node), found.node, found.config);
}

function describeProbe(p: ManagementProbe): string {
  const { verdict } = p;
  if (verdict.kind === 'answered') return `answers (${verdict.overview.management_version ?? 'unknown version'}) on 127.0.0.1:${p.port}`;
  if (verdict.kind === 'login-refused') return `answers but refuses the login: ${verdict.detail}`;
  return `does not answer on 127.0.0.1:${p.port} (${verdict.reason}: ${verdict.detail})`;
}

/** The version the API reports, else the one `rabbitmqctl status` reports; null when neither answers. */
async function versionOf(env: RunbookEnv, current: ManagementProbe | string): Promise<string | null> {
  if (typeof current !== 'string' && current.verdict.kind === 'answered' && current.verdict.overview.rabbitmq_version !== undefined) return current.verdict.overview.rabbitmq_version;
  const snapshot = await snapshotOf(env);
  const own = snapshot.reports.find((r) => r.node === env.node);
  return own === undefined ? null : (statusOf(own)?.rabbitmqVersion ?? null);
}

const viaWords: Record<ManagementRestartVia, string> = {
  plugins: 'rabbitmq-plugins disable, then enable --online',
  eval: 'rabbitmqctl eval application:stop, then application:start(rabbitmq_management)',
};

async function apiCheck(env: RunbookEnv, want: 'answers' | 'silent'): Promise<readonly Check[]> {
  const current = await probe(env);
  if (typeof current === 'string') return [{ name: 'management API', passed: false, detail: current }];
  const answers = current.verdict.kind === 'answered';
  return [{ name: want === 'answers' ? 'management API answers' : 'management API stopped', passed: want === 'answers' ? answers : !answers, detail: describeProbe(current) }];
}

async function viaOf(env: RunbookEnv): Promise<ManagementRestartVia> {
  return managementRestartVia(await versionOf(env, await probe(env)));
}

const HUNG_ADVICE =
  'if the plugin command hung, the bot ended it on the node at the mutation deadline. A node whose Erlang VM cannot stop one application is in trouble below RabbitMQ: check /rmq vitals (CPU steal, load, memory) and /rmq status; if the broker answers and its clients are served, the API can wait; if it does not, /rmq restart NODE restarts RabbitMQ there.';

/**
 * Restart of the management plugin alone (the incident's "management UI would not open"): the
 * broker and its clients are not touched. Stop, see the API gone, start, see it answer; each
 * command runs under the mutation deadline, after which the node's own `timeout` ends it.
 */
export const mgmtRestartRunbook: RunbookDefinition = {
  kind: 'mgmt-restart',
  level: 'mutating',
  title: 'Management restart',
  async preview(env) {
    const [snapshot, current] = await Promise.all([snapshotOf(env), probe(env)]);
    const via = managementRestartVia(await versionOf(env, current));
    const configured: Check = typeof current === 'string' ? { name: 'management configured', passed: false, detail: current } : { name: 'management API now', passed: true, detail: describeProbe(current) };
    return {
      checks: [sshReach(snapshot, env.node), whatRuns(snapshot, env.node), configured, { name: 'how', passed: true, detail: viaWords[via] }],
      warnings: [`The management API of ${env.node} stops answering for a few seconds; the broker and its clients are not touched.`],
      seenSince: null,
    };
  },
  steps: [
    {
      name: 'stop-management',
      title: 'stop the management plugin',
      checks: async (env) => [sshReach(await snapshotOf(env), env.node)],
      mutation: async (env) => ({ action: 'management_stop', node: env.node, via: await viaOf(env) }),
      verify: (env) => apiCheck(env, 'silent'),
      onFailure: HUNG_ADVICE,
    },
    {
      name: 'start-management',
      title: 'start the management plugin',
      checks: async (env) => [sshReach(await snapshotOf(env), env.node)],
      mutation: async (env) => ({ action: 'management_start', node: env.node, via: await viaOf(env) }),
      verify: (env) => apiCheck(env, 'answers'),
      onFailure: HUNG_ADVICE,
    },
  ],
  followUp: 'The management API answers again; /rmq management shows its rates and health checks.',
};
