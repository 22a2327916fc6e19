import amqp from 'amqplib';
import { LOAD_READY_LINE } from './lab-load';

/**
 * The process behind `rmq-bot lab load`: one publisher and one consumer so the lab's rates are real.
 * The queue is declared through its home node, the clients connect to another node, and they stay
 * connected whatever happens to the home node: a crash there sends deliveries and acks to the
 * floor while the connections stay open, as in the incident. Runs until SIGTERM; one progress line
 * every few seconds on stdout (the lab's load log).
 *
 * argv: CLIENT_URL HOME_URL QUEUE MESSAGES_PER_SECOND
 */
const CONNECT_TIMEOUT_MS = 5_000;
const REPORT_EVERY_MS = 5_000;

async function declareOnHome(url: string, queue: string): Promise<void> {
  const connection = await amqp.connect(url, { timeout: CONNECT_TIMEOUT_MS });
  connection.on('error', () => undefined);
  try {
    const channel = await connection.createChannel();
    await channel.assertQueue(queue, { durable: true });
  } finally {
    await connection.close().catch(() => undefined);
  }
}

async function main([clientUrl = '', homeUrl = '', queue = '', rateWord = '']: readonly string[]): Promise<void> {
  const rate = Number(rateWord);
  await declareOnHome(homeUrl, queue);
  const connection = await amqp.connect(clientUrl, { timeout: CONNECT_TIMEOUT_MS });
  let open = true;
  // A channel the broker closes (queue gone with its home node) must not take the connection down.
  connection.on('error', () => undefined);
  connection.on('close', () => {
    open = false;
  });
  const publisher = await connection.createChannel();
  publisher.on('error', () => undefined);
  const consumer = await connection.createChannel();
  consumer.on('error', () => undefined);
  let published = 0;
  let consumed = 0;
  await consumer.consume(queue, (message) => {
    if (message === null) return;
    consumer.ack(message);
    consumed++;
  });
  const publish = setInterval(() => {
    try {
      if (publisher.sendToQueue(queue, Buffer.from(`load ${published + 1}`), { persistent: true })) published++;
    } catch {
      // The channel closed under the publisher; the progress line shows the rate stopping.
    }
  }, 1000 / rate);
  const report = setInterval(() => process.stdout.write(`published ${published}, consumed ${consumed}, connection ${open ? 'open' : 'closed'}\n`), REPORT_EVERY_MS);
  process.stdout.write(`${LOAD_READY_LINE}: ${rate} messages/s to ${queue}\n`);
  process.once('SIGTERM', () => {
    clearInterval(publish);
    clearInterval(report);
    connection.close().finally(() => process.exit(0));
  });
}

main(process.argv.slice(2)).catch((e: unknown) => {
  process.stderr.write(`lab load failed: ${(e as Error).message}\n`);
  process.exit(1);
});
