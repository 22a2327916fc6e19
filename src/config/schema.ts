import { z } from 'zod';
import { buildManagementSchema } from '../management/management-config';
import { defaultVitalsConfig, vitalsSchema } from '../vitals/vitals-config';

/**
 * The one schema for the bot's YAML config. Unknown keys are errors (strictObject) so a typo such as
 * `comandPrefix` is reported instead of silently ignored during an outage.
 */
const rabbitNodeName = z
  .string()
  .regex(/^[A-Za-z0-9_.-]+@[A-Za-z0-9_.-]+$/, { error: 'expected a RabbitMQ node name such as rabbit@host (letters, digits, _ . - only)' });

const hostName = z
  .string()
  .regex(/^[A-Za-z0-9_.:-]+$/, { error: 'expected a host name or IP address' });

const absolutePath = z.string().regex(/^\/[^\0]*$/, { error: 'expected an absolute path' });

/** A secret is never written inline: it is read from an environment variable or a file. */
export const secretRef = z.union(
  [
    z.strictObject({ env: z.string().regex(/^[A-Z_][A-Z0-9_]*$/, { error: 'expected an environment variable name' }) }),
    z.strictObject({ file: absolutePath }),
  ],
  { error: 'expected { env: VARIABLE_NAME } or { file: /absolute/path }: secrets are never written in the config' },
);

export const sshSchema = z
  .strictObject({
    host: hostName,
    port: z.number().int().min(1).max(65535).default(22),
    user: z.string().regex(/^[a-z_][a-z0-9_-]*$/, { error: 'expected a Unix user name' }),
    /** Private key: a file path, or a secret reference. Absent means use the SSH agent. */
    privateKey: secretRef.optional(),
    passphrase: secretRef.optional(),
    agent: z.boolean().default(false),
    /** Pinned host key as in known_hosts: `ssh-ed25519 AAAA…`. */
    hostKey: z.string().regex(/^(ssh|ecdsa)-[a-z0-9-]+ [A-Za-z0-9+/=]+$/, { error: 'expected "TYPE BASE64" as in a known_hosts line' }).optional(),
    knownHostsFile: absolutePath.optional(),
    /** Only for labs: accept any host key. Refused when not set explicitly. */
    allowUnknownHostKey: z.boolean().default(false),
  })
  .refine((s) => s.hostKey !== undefined || s.knownHostsFile !== undefined || s.allowUnknownHostKey, {
    error: 'set hostKey or knownHostsFile (or allowUnknownHostKey: true for a lab) so the node can be authenticated',
  })
  .refine((s) => s.privateKey !== undefined || s.agent, {
    error: 'set privateKey, or agent: true to use SSH_AUTH_SOCK',
  });

const envName = z.string().regex(/^[A-Z_][A-Z0-9_]*$/, { error: 'expected an environment variable name' });
const envValue = z.string().regex(/^[A-Za-z0-9_./:@=+-]*$/, { error: 'expected a plain value (letters, digits and _ . / : @ = + -)' });

/**
 * A configured command as argv words. Each word travels quoted (`toRemoteCommand`), so shell syntax
 * in it stays inert; line breaks and NUL are refused because they cannot travel intact.
 */
const argvSchema = z
  .array(z.string().min(1, { error: 'expected a non-empty word' }).regex(/^[^\0\n\r]*$/, { error: 'must not contain a line break or NUL' }))
  .min(1, { error: 'expected the command as a list of words, e.g. [systemctl, restart, rabbitmq-server]' });

export const nodeSchema = z.strictObject({
  name: rabbitNodeName,
  ssh: sshSchema,
  /** Words put before every remote command, e.g. [sudo, -n]. */
  commandPrefix: z.array(z.string().regex(/^[A-Za-z0-9_./=-]+$/, { error: 'expected a plain word' })).default([]),
  /** Path to rabbitmqctl on the node; the Debian wrapper in PATH by default. */
  rabbitmqctl: z.string().regex(/^[A-Za-z0-9_./-]+$/, { error: 'expected a command name or path' }).default('rabbitmqctl'),
  /** Extra environment for rabbitmqctl (for example HOME pointing at the Erlang cookie). */
  env: z.record(envName, envValue).default({}),
  /** Use long node names (`-l`), as for nodes named by IP address. */
  longNames: z.boolean().default(false),
  logFile: absolutePath.optional(),
  /** How this node's host starts or restarts RabbitMQ, e.g. [systemctl, start, rabbitmq-server]; run behind commandPrefix. */
  serviceStart: argvSchema.optional(),
  serviceRestart: argvSchema.optional(),
  /**
   * The node's own Mnesia directory (RABBITMQ_MNESIA_DIR; on Debian /var/lib/rabbitmq/mnesia/NODE).
   * Only the rejoin runbook's wipe step uses it, for a node that cannot boot any more.
   */
  mnesiaDir: absolutePath.optional(),
});

/** A cluster-level command (traffic switch to this cluster, or its rollback), run on one of its nodes. */
const clusterCommandSchema = z.strictObject({
  node: rabbitNodeName,
  argv: argvSchema,
});

/** AMQP's short-string limit; control characters cannot be a vhost or queue name a client declares. */
const amqpName = z
  .string()
  .min(1, { error: 'must not be empty' })
  .refine((s) => Buffer.byteLength(s, 'utf8') <= 255, { error: 'must be at most 255 bytes' })
  .refine((s) => !/\p{Cc}/u.test(s), { error: 'must not contain control characters' });

/** How the bot reaches the cluster as a client does, for probes and cutover checks. */
const amqpSchema = z.strictObject({
  endpoints: z.array(z.strictObject({ host: hostName, port: z.number().int().min(1).max(65535).default(5672) })).min(1, { error: 'list at least one endpoint: [{ host, port }]' }),
  /** The vhosts probed and compared for topology parity. */
  vhosts: z.array(amqpName).min(1).default(['/']),
  username: amqpName,
  password: secretRef,
  /** Queues whose availability clients depend on: each is passively declared, as a client would. */
  criticalQueues: z.array(z.strictObject({ vhost: amqpName.default('/'), name: amqpName })).default([]),
});

export const clusterSchema = z.strictObject({
  name: z.string().regex(/^[a-z0-9][a-z0-9_-]*$/, { error: 'expected a short lower-case name such as prod-eu' }),
  role: z.enum(['primary', 'standby']),
  nodes: z.array(nodeSchema).min(1, { error: 'a cluster needs at least one node' }),
  switch: clusterCommandSchema.optional(),
  rollback: clusterCommandSchema.optional(),
  amqp: amqpSchema.optional(),
  /** On a primary: the cluster with role standby that `/rmq cutover` moves its clients to. */
  standby: z.string().optional(),
});

export const deadlinesSchema = z.strictObject({
  /** TCP + SSH handshake. */
  connectMs: z.number().int().min(100).max(120_000).default(5_000),
  /** One remote command, killed on the node when exceeded. */
  commandMs: z.number().int().min(100).max(600_000).default(10_000),
  /** One mutating command (join_cluster, a service restart): long, and never cut at the read deadline. */
  mutationMs: z.number().int().min(1_000).max(3_600_000).default(120_000),
});

export const limitsSchema = z.strictObject({
  perHostConcurrency: z.number().int().min(1).max(16).default(2),
  overallConcurrency: z.number().int().min(1).max(256).default(32),
  maxOutputBytes: z.number().int().min(1024).max(64 * 1024 * 1024).default(4 * 1024 * 1024),
});

const slackPrincipal = z.string().regex(/^[UWS][A-Z0-9]{2,}$/, { error: 'expected a Slack user id (U…/W…) or user-group id (S…)' });

function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

const slackChannelId = z.string().regex(/^[CGD][A-Z0-9]{2,}$/, { error: 'expected a Slack channel id (C…/G…)' });

export const chatSchema = z.strictObject({
  /** Channel ids where the bot answers; empty means every channel it is in. */
  allowedChannels: z.array(slackChannelId).default([]),
  roles: z
    .strictObject({
      viewer: z.array(z.union([slackPrincipal, z.literal('*')])).default(['*']),
      operator: z.array(slackPrincipal).default([]),
      approver: z.array(slackPrincipal).default([]),
    })
    .default({ viewer: ['*'], operator: [], approver: [] }),
  /** IANA zone the timeline shows times in (stored in UTC), e.g. Europe/Berlin. */
  timeZone: z
    .string()
    .refine(isTimeZone, { error: 'expected an IANA time zone name such as UTC or Europe/Berlin' })
    .default('UTC'),
});

const hour = 3600_000;

export const storeSchema = z
  .strictObject({
    /** SQLite file (the default backend, one bot process); relative paths are resolved against the config file's folder. */
    sqlite: z.string().min(1).optional(),
    /** PostgreSQL, for several bot replicas sharing one store. */
    postgres: z
      .strictObject({
        url: secretRef,
        poolSize: z.number().int().min(1).max(100).default(10),
        statementTimeoutMs: z.number().int().min(100).max(600_000).default(10_000),
      })
      .optional(),
    /** How long a press survives its bot process's last heartbeat before another replica may take it over. */
    claimLeaseMs: z.number().int().min(1_000).max(3_600_000).default(15_000),
    /** Spent button claims and replay-guard keys are deleted this long after their button expired. */
    purge: z
      .strictObject({ afterMs: z.number().int().min(0).default(24 * hour), everyMs: z.number().int().min(60_000).default(hour) })
      .default({ afterMs: 24 * hour, everyMs: hour }),
  })
  .refine((s) => s.sqlite === undefined || s.postgres === undefined, { error: 'choose one backend: store.sqlite or store.postgres, not both' });

const minute = 60_000;

export const runbooksSchema = z.strictObject({
  /** Destructive steps (forget, reset) wait for a second person with the approver role. */
  requireApproval: z.boolean().default(true),
  /** An approval not given (or not used) within this long after the typed confirmation is void. */
  approvalTtlMs: z.number().int().min(10_000).max(24 * hour).default(15 * minute),
  /** Evict only a node every reachable peer has seen down for at least this long. */
  evictAfterDownMs: z.number().int().min(0).max(24 * hour).default(minute),
  /** How long an open runbook holds its cluster's mutation lease between steps. */
  leaseMs: z.number().int().min(minute).max(24 * hour).default(60 * minute),
});

export const logWatchSchema = z.strictObject({
  enabled: z.boolean().default(true),
  /** Bytes read from one node's log per poll at most; a log growing faster is caught up over the next polls. */
  maxBytesPerPoll: z.number().int().min(4 * 1024).max(16 * 1024 * 1024).default(1024 * 1024),
  /** Signatures below this severity are not reported. */
  minSeverity: z.enum(['critical', 'warning', 'info']).default('critical'),
  /** A signature seen again on a node after this long without it is reported again. */
  quietMs: z.number().int().min(60_000).max(7 * 86_400_000).default(3_600_000),
  /** What rotation appends to the old file's name (logrotate: .1, RabbitMQ's own rotation: .0): its last lines are read before the new file's. */
  rotatedSuffix: z.string().regex(/^[A-Za-z0-9._-]{1,32}$/, { error: 'expected a file name suffix such as .1 (letters, digits, . _ - only)' }).optional(),
});

const defaultLogWatch = { enabled: true, maxBytesPerPoll: 1024 * 1024, minSeverity: 'critical', quietMs: 3_600_000 } as const;

/** Watch mode in `rmq-bot serve`: one replica polls the clusters and records what changed. Absent means off. */
export const watchSchema = z
  .strictObject({
    intervalMs: z.number().int().min(1_000).max(3_600_000).default(15_000),
    /** Cluster names to poll; all configured clusters when absent. */
    clusters: z.array(z.string()).min(1, { error: 'list at least one cluster, or leave clusters out to watch them all' }).optional(),
    /** How long the polling replica's lease outlives its last renewal; another replica takes over after it. */
    leaseMs: z.number().int().min(1_000).max(3_600_000).default(30_000),
    /** A node that goes down or up this many times within flapWindowMs is reported as one flapping event. */
    flapThreshold: z.number().int().min(2).max(100).default(3),
    flapWindowMs: z.number().int().min(1_000).max(86_400_000).default(300_000),
    /** Snapshots kept per cluster for the postmortem. */
    keepSnapshots: z.number().int().min(2).max(10_000).default(200),
    /** Each watched cluster's incident channel: its changes join the incident open there and are posted. */
    channels: z.record(z.string(), slackChannelId).default({}),
    /** Critical changes that open an incident in the cluster's channel when none is open there (`log-signature`: a new one of `logs.minSeverity`). */
    openIncidentOn: z.array(z.enum(['node-down', 'ssh-unreachable', 'node-timed-out', 'alarm-set', 'partition-appeared', 'flapping', 'log-signature'])).default([]),
    /** New log signatures: each node's logFile read incrementally from where the last poll stopped. */
    logs: logWatchSchema.default(defaultLogWatch),
  })
  .refine((w) => w.leaseMs > w.intervalMs, { error: 'watch.leaseMs must be longer than watch.intervalMs: the lease is renewed once per interval' });

/**
 * A primary names the standby that backs it. One standby backs one primary: its switch and
 * rollback move that primary's clients, so a second primary naming it could not be switched back.
 */
function checkStandbyPairing(clusters: readonly z.infer<typeof clusterSchema>[]): { readonly index: number; readonly message: string }[] {
  const standbys = clusters.filter((c) => c.role === 'standby').map((c) => c.name);
  const backs = new Map<string, string>();
  return clusters.flatMap((cluster, index) => {
    const name = cluster.standby;
    if (name === undefined) return [];
    const named = clusters.find((c) => c.name === name);
    const fix = standbys.length > 0 ? `name one of the clusters with role standby: ${standbys.join(', ')}` : 'describe the standby cluster with role: standby';
    let message: string | null = null;
    if (cluster.role !== 'primary') message = `only a primary names its standby; remove standby from ${cluster.name} (role ${cluster.role})`;
    else if (named === undefined) message = `"${name}" is not a configured cluster; ${fix}`;
    else if (named.role !== 'standby') message = `"${name}" has role ${named.role}, so it cannot back ${cluster.name}; ${fix}`;
    else if (backs.has(name)) message = `standby ${name} already backs primary ${backs.get(name)}; give ${cluster.name} a standby of its own`;
    if (message !== null) return [{ index, message }];
    backs.set(name, cluster.name);
    return [];
  });
}

export const configSchema = z
  .strictObject({
    clusters: z.array(clusterSchema).min(1, { error: 'describe at least one cluster' }),
    deadlines: deadlinesSchema.default({ connectMs: 5_000, commandMs: 10_000, mutationMs: 120_000 }),
    limits: limitsSchema.default({ perHostConcurrency: 2, overallConcurrency: 32, maxOutputBytes: 4 * 1024 * 1024 }),
    chat: chatSchema.default({ allowedChannels: [], roles: { viewer: ['*'], operator: [], approver: [] }, timeZone: 'UTC' }),
    store: storeSchema.default({ claimLeaseMs: 15_000, purge: { afterMs: 24 * hour, everyMs: hour } }),
    vitals: vitalsSchema.default(defaultVitalsConfig),
    management: buildManagementSchema(secretRef).optional(),
    runbooks: runbooksSchema.default({ requireApproval: true, approvalTtlMs: 15 * minute, evictAfterDownMs: minute, leaseMs: 60 * minute }),

    watch: watchSchema.optional(),
  })
  .superRefine((c, ctx) => {
    const names = c.clusters.map((cluster) => cluster.name);
    c.watch?.clusters?.forEach((name, i) => {
      if (!names.includes(name)) ctx.addIssue({ code: 'custom', path: ['watch', 'clusters', i], message: `"${name}" is not a configured cluster; watch one of: ${names.join(', ')}` });
    });
    for (const name of Object.keys(c.watch?.channels ?? {})) {
      if (!names.includes(name)) ctx.addIssue({ code: 'custom', path: ['watch', 'channels', name], message: `"${name}" is not a configured cluster; name the channel of one of: ${names.join(', ')}` });
    }
    if (c.watch && c.watch.openIncidentOn.length > 0) {
      for (const name of c.watch.clusters ?? names) {
        if (c.watch.channels[name] === undefined) {
          ctx.addIssue({ code: 'custom', path: ['watch', 'channels'], message: `watch.openIncidentOn opens incidents in each cluster's channel, and "${name}" has none: add watch.channels.${name}: C…` });
        }
      }
    }
    const seen = new Set<string>();
    c.clusters.forEach((cluster, i) => {
      if (seen.has(cluster.name)) ctx.addIssue({ code: 'custom', path: ['clusters', i, 'name'], message: `cluster name "${cluster.name}" is used twice` });
      seen.add(cluster.name);
      const nodes = new Set<string>();
      cluster.nodes.forEach((n, j) => {
        if (nodes.has(n.name)) ctx.addIssue({ code: 'custom', path: ['clusters', i, 'nodes', j, 'name'], message: `node "${n.name}" is listed twice in cluster ${cluster.name}` });
        nodes.add(n.name);
      });
      for (const key of ['switch', 'rollback'] as const) {
        const command = cluster[key];
        if (command !== undefined && !nodes.has(command.node)) {
          ctx.addIssue({ code: 'custom', path: ['clusters', i, key, 'node'], message: `"${command.node}" is not a node of cluster ${cluster.name}; ${key} runs on one of its nodes: ${[...nodes].join(', ')}` });
        }
      }
    });
    checkStandbyPairing(c.clusters).forEach(({ index, message }) => ctx.addIssue({ code: 'custom', path: ['clusters', index, 'standby'], message }));
  });

export type BotConfig = z.infer<typeof configSchema>;
export type WatchConfig = z.infer<typeof watchSchema>;
export type LogWatchConfig = z.infer<typeof logWatchSchema>;
export type ClusterConfig = z.infer<typeof clusterSchema>;
export type NodeConfig = z.infer<typeof nodeSchema>;
export type ClusterCommandConfig = z.infer<typeof clusterCommandSchema>;
export type SshConfig = z.infer<typeof sshSchema>;
export type SecretRef = z.infer<typeof secretRef>;
export type AmqpConfig = z.infer<typeof amqpSchema>;
export type DeadlinesConfig = z.infer<typeof deadlinesSchema>;
export type StoreConfig = z.infer<typeof storeSchema>;
