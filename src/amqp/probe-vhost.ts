import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import amqp from 'amqplib';
import { classifyConnectError, classifyQueueError } from './classify-amqp-error';
import type { AmqpEndpoint, CanaryOutcome, QueueCheck, VhostProbe } from './probe-result';
import { withinDeadline } from './within-deadline';

export interface VhostTarget {
  readonly endpoint: AmqpEndpoint;
  readonly vhost: string;
  readonly username: string;
  readonly password: string;
  /** Names of the critical queues in this vhost. */
  readonly queues: readonly string[];
}

export interface ProbeDeadlines {
  /** TCP + AMQP handshake. */
  readonly connectMs: number;
  /** One check on an open connection: a passive declare, the canary round trip, the close. */
  readonly checkMs: number;
}

const ignore = (): void => undefined;

const closeQuietly = (closable: { close(): Promise<void> }, ms: number): Promise<unknown> => withinDeadline(closable.close().catch(ignore), ms);

/**
 * Every channel is a throwaway with an 'error' listener, and so is the connection: a 404 on a
 * passive declare closes its channel, and without listeners amqplib escalates that into an
 * uncaught error that ends the process (STACK.md).
 */
async function openChannel(connection: amqp.ChannelModel): Promise<amqp.Channel> {
  const channel = await connection.createChannel();
  channel.on('error', ignore);
  return channel;
}

async function checkQueue(connection: amqp.ChannelModel, vhost: string, name: string, deadlines: ProbeDeadlines): Promise<QueueCheck> {
  const attempt = (async () => {
    const channel = await openChannel(connection);
    try {
      return await channel.checkQueue(name);
    } finally {
      void closeQuietly(channel, deadlines.checkMs);
    }
  })();
  const answer = await withinDeadline(attempt, deadlines.checkMs);
  switch (answer.kind) {
    case 'done':
      return { vhost, name, outcome: { kind: 'available', messages: answer.value.messageCount, consumers: answer.value.consumerCount } };
    case 'failed':
      return { vhost, name, outcome: classifyQueueError(answer.error) };
    case 'timeout':
      return { vhost, name, outcome: { kind: 'timeout', afterMs: deadlines.checkMs } };
  }
}

async function runCanary(connection: amqp.ChannelModel, blocked: Promise<string>, deadlines: ProbeDeadlines): Promise<CanaryOutcome> {
  const token = randomBytes(12);
  const roundTrip = (async () => {
    const channel = await openChannel(connection);
    try {
      const { queue } = await channel.assertQueue('', { exclusive: true, autoDelete: true, durable: false });
      const started = performance.now();
      const delivered = new Promise<number>((resolve) => {
        void channel.consume(queue, (message) => {
          if (message?.content.equals(token) === true) resolve(performance.now() - started);
        }, { noAck: true });
      });
      channel.sendToQueue(queue, token, { persistent: false });
      return await delivered;
    } finally {
      void closeQuietly(channel, deadlines.checkMs);
    }
  })();
  const first = await withinDeadline(Promise.race([roundTrip.then((ms) => ({ kind: 'round-trip' as const, ms })), blocked.then((reason) => ({ kind: 'blocked' as const, reason }))]), deadlines.checkMs);
  switch (first.kind) {
    case 'done':
      return first.value.kind === 'round-trip' ? { kind: 'round-trip', roundTripMs: Math.round(first.value.ms * 10) / 10 } : { kind: 'blocked', reason: first.value.reason };
    case 'failed':
      return { kind: 'failed', message: first.error instanceof Error ? first.error.message : String(first.error) };
    case 'timeout':
      return { kind: 'timeout', afterMs: deadlines.checkMs };
  }
}

/** One connection to one vhost: the canary and each critical queue, all bounded by the deadlines. */
export async function probeVhost(target: VhostTarget, deadlines: ProbeDeadlines): Promise<VhostProbe> {
  const { endpoint, vhost, username, password } = target;
  const started = performance.now();
  const connecting = amqp.connect(
    { protocol: 'amqp', hostname: endpoint.host, port: endpoint.port, username, password, vhost, heartbeat: 0 },
    { timeout: deadlines.connectMs },
  );
  // A handshake that completes after our deadline still opened a connection: close it then.
  const opened = await withinDeadline(connecting, deadlines.connectMs, (late) => {
    late.on('error', ignore);
    void closeQuietly(late, deadlines.checkMs);
  });
  if (opened.kind === 'timeout') return { vhost, kind: 'unreachable', failure: { kind: 'timeout', afterMs: deadlines.connectMs } };
  if (opened.kind === 'failed') return { vhost, kind: 'unreachable', failure: classifyConnectError(opened.error, { vhost, username, afterMs: deadlines.connectMs }) };

  const connection = opened.value;
  const connectMs = Math.round(performance.now() - started);
  connection.on('error', ignore);
  let blockedReason: string | null = null;
  const blocked = new Promise<string>((resolve) =>
    connection.on('blocked', (reason: string) => {
      blockedReason = reason;
      resolve(reason);
    }),
  );
  try {
    const properties = connection.connection.serverProperties;
    const [canary, queues] = await Promise.all([runCanary(connection, blocked, deadlines), Promise.all(target.queues.map((name) => checkQueue(connection, vhost, name, deadlines)))]);
    return {
      vhost,
      kind: 'connected',
      server: { clusterName: properties['cluster_name'] ?? null, product: properties.product ?? null, version: properties.version ?? null },
      connectMs,
      canary,
      queues,
      blocked: blockedReason,
    };
  } finally {
    await closeQuietly(connection, deadlines.checkMs);
  }
}
