import amqp from 'amqplib';

/**
 * Runs `body` on a confirm channel of a lab node as a client would (guest over loopback), closing
 * the connection whatever happens; connection and channel errors are the test's to assert, never
 * an unhandled 'error' event.
 */
export async function withConfirmChannel<T>(port: number, body: (channel: amqp.ConfirmChannel) => Promise<T>): Promise<T> {
  const connection = await amqp.connect(`amqp://guest:guest@127.0.0.1:${port}`, { timeout: 5_000 });
  connection.on('error', () => undefined);
  try {
    const channel = await connection.createConfirmChannel();
    channel.on('error', () => undefined);
    return await body(channel);
  } finally {
    await connection.close().catch(() => undefined);
  }
}
