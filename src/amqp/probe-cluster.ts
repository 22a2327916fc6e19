import type { ClusterConfig, DeadlinesConfig } from '../config/schema';
import { describeSecretProblem, loadSecret, type SecretSources } from '../secrets/load-secret';
import type { ClusterProbe, EndpointProbe } from './probe-result';
import { probeVhost, type ProbeDeadlines } from './probe-vhost';

/** Every vhost the config names, the probed ones first, each once. */
function vhostsOf(amqp: NonNullable<ClusterConfig['amqp']>): readonly string[] {
  return [...new Set([...amqp.vhosts, ...amqp.criticalQueues.map((q) => q.vhost)])];
}

export const probeDeadlines = (deadlines: DeadlinesConfig): ProbeDeadlines => ({ connectMs: deadlines.connectMs, checkMs: deadlines.commandMs });

/**
 * Probes every configured endpoint and vhost of the cluster in parallel, as clients reach it.
 * `null` when the cluster has no `amqp` section: there is nothing to probe, which is not a failure.
 */
export async function probeCluster(cluster: ClusterConfig, deadlines: ProbeDeadlines, secrets: SecretSources): Promise<ClusterProbe | null> {
  const amqp = cluster.amqp;
  if (amqp === undefined) return null;
  const loaded = loadSecret(amqp.password, secrets);
  // Files written with `echo` end with a newline that is not part of the password.
  const password = loaded.ok ? { ok: true as const, value: loaded.value.replace(/\r?\n$/, '') } : loaded;
  const vhosts = vhostsOf(amqp);
  const endpoints = await Promise.all(
    amqp.endpoints.map(
      async (endpoint): Promise<EndpointProbe> => ({
        endpoint,
        vhosts: await Promise.all(
          vhosts.map((vhost) =>
            password.ok
              ? probeVhost({ endpoint, vhost, username: amqp.username, password: password.value, queues: amqp.criticalQueues.filter((q) => q.vhost === vhost).map((q) => q.name) }, deadlines)
              : Promise.resolve({ vhost, kind: 'unreachable' as const, failure: { kind: 'password-unavailable' as const, reason: describeSecretProblem(password.error) } }),
          ),
        ),
      }),
    ),
  );
  return { cluster: cluster.name, endpoints };
}
