import { z } from 'zod';
import type { CommandDefinition } from '../src/commands/types';
import { nowSeconds, postSigned, slashCommandBody } from '../test/helpers/slack-requests';
import { startBot } from '../test/slack/harness';
import { percentile } from './percentile';
import type { Benchmark, BenchTable } from './types';

const ACK_REQUESTS = 200;
const BURST_PER_CHANNEL = 6;
const ACK_TARGET_MS = 100;

const pingArgs = z.object({ positional: z.array(z.string()), flags: z.record(z.string(), z.union([z.string(), z.literal(true)])) });

/** A channel message per call, with no SSH behind it: the bench measures the Slack path only. */
const ping: CommandDefinition<z.infer<typeof pingArgs>> = {
  name: 'ping',
  summary: 'bench: one message in the channel',
  usage: '/rmq ping',
  permission: 'viewer',
  args: pingArgs,
  run: async ({ positional }) => ({ summary: `pong ${positional.join(' ')}`, blocks: [{ kind: 'text', text: `pong ${positional.join(' ')}`, mark: 'ok' }] }),
};

/**
 * Ack latency of the real Bolt app behind its signed HTTP receiver (replay guard in the store
 * included), and the outbound rate per channel when a burst of replies arrives at once, with the
 * production spacing of one message per second per channel.
 */
export const slackBenchmark: Benchmark = {
  name: 'slack',
  run: async (log): Promise<BenchTable> => {
    const h = await startBot({ extraCommands: [ping], tune: { posting: { minIntervalMs: 1_000, maxRateLimitWaits: 5 } } });
    try {
      log(`ack latency: ${ACK_REQUESTS} signed /rmq help requests, one after another`);
      const latencies: number[] = [];
      for (let i = 0; i < ACK_REQUESTS; i++) {
        const body = slashCommandBody({ text: 'help', responseUrl: h.fake.responseUrl(`ack-${i}`) });
        const started = performance.now();
        const answer = await postSigned(h.eventsUrl, body, { timestamp: nowSeconds() });
        latencies.push(performance.now() - started);
        if (answer.status !== 200) throw new Error(`request ${i} answered ${answer.status}`);
      }
      latencies.sort((a, b) => a - b);
      const p50 = percentile(latencies, 50);
      const p99 = percentile(latencies, 99);

      log(`burst: ${BURST_PER_CHANNEL} replies at once in each of 2 channels`);
      const channels = ['C0BURSTA', 'C0BURSTB'];
      await Promise.all(
        channels.flatMap((channel) =>
          Array.from({ length: BURST_PER_CHANNEL }, (_, i) => postSigned(h.eventsUrl, slashCommandBody({ text: `ping ${i}`, channel, responseUrl: h.fake.responseUrl(`b-${channel}-${i}`) }))),
        ),
      );
      const rates = await Promise.all(
        channels.map(async (channel) => {
          const deadline = Date.now() + 30_000;
          let posts = h.fake.callsTo('chat.postMessage').filter((c) => c.body.channel === channel);
          while (posts.length < BURST_PER_CHANNEL && Date.now() < deadline) {
            await new Promise((r) => setTimeout(r, 50));
            posts = h.fake.callsTo('chat.postMessage').filter((c) => c.body.channel === channel);
          }
          const span = ((posts.at(-1)?.at ?? 0) - (posts[0]?.at ?? 0)) / 1000;
          const gaps = posts.slice(1).map((p, i) => p.at - (posts[i]?.at ?? p.at));
          // Gaps are measured where the fake receives the calls, so a few ms of network jitter is allowed.
          return { channel, count: posts.length, perSecond: span > 0 ? (posts.length - 1) / span : NaN, minGapMs: Math.min(...gaps) };
        }),
      );
      const ackMet = p99 < ACK_TARGET_MS;
      const rateMet = rates.every((r) => r.count === BURST_PER_CHANNEL && r.perSecond <= 1.05 && r.minGapMs >= 950);
      return {
        title: 'Slack path (real Bolt app, fake Web API on 127.0.0.1)',
        columns: ['measure', 'value'],
        rows: [
          ['ack latency p50', `${p50.toFixed(1)} ms`],
          ['ack latency p99', `${p99.toFixed(1)} ms`],
          ['ack latency max', `${(latencies.at(-1) ?? NaN).toFixed(1)} ms`],
          ...rates.map((r) => [`burst ${r.channel}`, `${r.count}/${BURST_PER_CHANNEL} posted, ${r.perSecond.toFixed(2)} msg/s, min gap ${r.minGapMs} ms`]),
        ],
        notes: [
          `target: ack p99 < ${ACK_TARGET_MS} ms over ${ACK_REQUESTS} signed requests — ${ackMet ? 'met' : 'NOT met'}`,
          `target: ≤ 1 message/s per channel, nothing dropped, channels independent — ${rateMet ? 'met' : 'NOT met'}`,
        ],
      };
    } finally {
      await h.close();
    }
  },
};
