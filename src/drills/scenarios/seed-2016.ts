import { declareQueue, startQueueClients, type QueueClients } from '../amqp-clients';
import { SETTLE_MS } from '../drill-config';
import type { CheckOutcome, Scenario } from '../drill-types';
import { nodeState, says } from '../expectations';
import { act, crash, start } from '../lab-actions';
import { BACK_TO_HEALTHY_MS, baseline, healthy, LOOPBACK_LAB } from './common';

/** The two durable, non-mirrored queues node 7 hosted in 2016 (INCIDENT.md). */
export const SEED_QUEUES = ['base.moses.task4', 'base.moses.task5'] as const;
const [BUSY_QUEUE] = SEED_QUEUES;
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** The client error of the incident, as RabbitMQ words it for a queue whose home node is gone. */
export const homeNodeDown = (node: string, queue: string): string => `home node '${node}' of durable queue '${queue}' in vhost '/' is down or inaccessible`;

/** Polls until `probe` gives a passing check or the bound runs out; the last check either way. */
async function until(probe: () => Promise<CheckOutcome> | CheckOutcome, boundMs: number): Promise<CheckOutcome> {
  const started = Date.now();
  for (;;) {
    const check = await probe();
    if (check.passed || Date.now() - started > boundMs) return check;
    await sleep(250);
  }
}

export const seed2016Scenario: Scenario = {
  name: 'seed-2016',
  summary:
    'the 2016 incident replayed: durable queues homed on one node, clients publishing and consuming, that node\'s VM crashes; clients fail on redeclare with "home node … is down or inaccessible" and /rmq diagnose says not to evict it, and why. (The cutover to the standby joins the drill once the runbooks exist.)',
  lab: LOOPBACK_LAB,
  subject: '3',
  readOnlyHint: 'with durable classic queues homed on NODE and clients using them, stop RabbitMQ on NODE (kill -9 its beam.smp)',
  plan: ({ subject, others }) => {
    const [survivor = ''] = others;
    let clients: QueueClients | null = null;
    const amqpPort = (lab: { node(a: string): { amqpPort: number } }, node: string) => lab.node(node).amqpPort;
    return {
      prepare: [
        baseline(others.length + 1),
        act(`declare ${SEED_QUEUES.join(' and ')} through ${subject}, so ${subject} is their home`, async (lab) => {
          const outcomes = await Promise.all(SEED_QUEUES.map((q) => declareQueue(amqpPort(lab, subject), q)));
          const failed = outcomes.find((o) => !o.ok);
          if (failed !== undefined && !failed.ok) throw new Error(`declare failed: ${failed.error}`);
          return 'declared durable, non-mirrored';
        }),
        act(`start a publisher and a consumer of ${BUSY_QUEUE} on ${survivor}`, async (lab) => {
          clients = await startQueueClients(amqpPort(lab, survivor), BUSY_QUEUE);
          const running = clients;
          const check = await until(() => ({ label: 'messages flow through the queue', passed: running.consumed() > 10, seen: `${running.published()} published, ${running.consumed()} consumed` }), SETTLE_MS);
          return [check];
        }),
      ],
      inject: [crash(subject)],
      during: [
        act(`watch the clients on ${survivor}`, async () => {
          const running = clients;
          if (running === null) throw new Error('the clients did not start');
          const wanted = homeNodeDown(subject, BUSY_QUEUE);
          const cancelled = await until(() => ({ label: 'the broker cancels the consumer', passed: running.cancelled(), seen: running.cancelled() ? 'consumer cancelled' : 'not cancelled' }), SETTLE_MS);
          const failing = await until(() => {
            const last = running.declareErrors().at(-1) ?? 'no failed declare yet';
            return { label: `their redeclare fails: "${wanted}"`, passed: last.includes(wanted), seen: last };
          }, SETTLE_MS);
          return [cancelled, failing];
        }),
        { kind: 'ask', line: '/rmq status', expect: [nodeState(subject, 'RabbitMQ down')], untilMs: SETTLE_MS },
        {
          kind: 'ask',
          line: '/rmq diagnose',
          expect: [
            ...SEED_QUEUES.map((q) => says(q, `names ${q} as lost with its home node`)),
            says(`Evicting ${subject} will NOT bring them back, and \`forget_cluster_node\` DELETES non-mirrored durable queues homed on ${subject} with their messages.`, `says not to evict ${subject}, and why`),
          ],
          untilMs: SETTLE_MS,
        },
      ],
      recover: [
        start(subject),
        act(`the clients redeclare ${BUSY_QUEUE} through ${survivor} again`, async (lab) => [
          await until(async () => {
            const declared = await declareQueue(amqpPort(lab, survivor), BUSY_QUEUE);
            return { label: `${BUSY_QUEUE} is back (no eviction): the declare works`, passed: declared.ok, seen: declared.ok ? `${declared.messages} messages waiting` : declared.error };
          }, SETTLE_MS),
        ]),
        healthy(others.length + 1, BACK_TO_HEALTHY_MS),
      ],
      cleanup: async () => {
        await (clients as QueueClients | null)?.close();
      },
    };
  },
};
