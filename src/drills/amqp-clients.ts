import amqp from 'amqplib';

/**
 * Real AMQP clients for the 2016 replay, written the way the incident's clients behaved: publish
 * and consume a durable queue, and when the broker cancels the consumer, redeclare the queue until
 * it works. Every connection and channel has 'error' listeners (STACK.md: a 404 closes the channel,
 * and an unhandled one crashes the process).
 */
const CONNECT_TIMEOUT_MS = 5_000;
const PUBLISH_EVERY_MS = 100;
const REDECLARE_EVERY_MS = 500;

const urlFor = (port: number) => `amqp://guest:guest@127.0.0.1:${port}`;

export type DeclareOutcome = { readonly ok: true; readonly messages: number } | { readonly ok: false; readonly error: string };

/** One durable declare through the node on PORT, on a connection of its own. */
export async function declareQueue(port: number, queue: string): Promise<DeclareOutcome> {
  let connection: amqp.ChannelModel | null = null;
  try {
    connection = await amqp.connect(urlFor(port), { timeout: CONNECT_TIMEOUT_MS });
    connection.on('error', () => undefined);
    const channel = await connection.createChannel();
    channel.on('error', () => undefined);
    const declared = await channel.assertQueue(queue, { durable: true });
    return { ok: true, messages: declared.messageCount };
  } catch (e) {
    return { ok: false, error: (e as Error).message };
  } finally {
    await connection?.close().catch(() => undefined);
  }
}

export interface QueueClients {
  readonly published: () => number;
  readonly consumed: () => number;
  /** The broker cancelled the consumer (its queue's home node went away). */
  readonly cancelled: () => boolean;
  /** Every failed redeclare since the cancel, newest last. */
  readonly declareErrors: () => readonly string[];
  close(): Promise<void>;
}

/** A publisher and a consumer of QUEUE, both connected to the node on PORT. */
export async function startQueueClients(port: number, queue: string): Promise<QueueClients> {
  const connection = await amqp.connect(urlFor(port), { timeout: CONNECT_TIMEOUT_MS });
  connection.on('error', () => undefined);
  let published = 0;
  let consumed = 0;
  let cancelled = false;
  const errors: string[] = [];
  const publisher = await connection.createChannel();
  publisher.on('error', () => undefined);
  const consumer = await connection.createChannel();
  consumer.on('error', () => undefined);
  const publish = setInterval(() => {
    try {
      if (publisher.sendToQueue(queue, Buffer.from(`task ${published + 1}`), { persistent: true })) published++;
    } catch {
      // The channel closed under the publisher (the broker went away); the consumer side reports it.
    }
  }, PUBLISH_EVERY_MS);
  let redeclare: NodeJS.Timeout | null = null;
  await consumer.consume(queue, (message) => {
    if (message === null) {
      cancelled = true;
      redeclare ??= setInterval(() => {
        void connection
          .createChannel()
          .then(async (channel) => {
            channel.on('error', () => undefined);
            await channel.assertQueue(queue, { durable: true });
            await channel.close();
          })
          .catch((e: unknown) => errors.push((e as Error).message));
      }, REDECLARE_EVERY_MS);
      return;
    }
    consumed++;
    consumer.ack(message);
  });
  return {
    published: () => published,
    consumed: () => consumed,
    cancelled: () => cancelled,
    declareErrors: () => errors,
    close: async () => {
      clearInterval(publish);
      if (redeclare !== null) clearInterval(redeclare);
      await connection.close().catch(() => undefined);
    },
  };
}
