import { headline, nodeState } from '../expectations';
import { crash, start } from '../lab-actions';
import type { Scenario } from '../drill-types';
import { SETTLE_MS } from '../drill-config';
import { BACK_TO_HEALTHY_MS, baseline, healthy, LOOPBACK_LAB } from './common';

export const crashScenario: Scenario = {
  name: 'crash',
  summary: 'a node\'s Erlang VM is killed (kill -9): the bot names it "RabbitMQ down" at once, and healthy again after a restart',
  lab: LOOPBACK_LAB,
  subject: '3',
  readOnlyHint: 'stop RabbitMQ on NODE (kill -9 its beam.smp, or systemctl stop rabbitmq-server), leaving the host up',
  plan: ({ subject, others }) => ({
    prepare: [baseline(others.length + 1)],
    inject: [crash(subject)],
    during: [{ kind: 'ask', line: '/rmq status', expect: [nodeState(subject, 'RabbitMQ down'), headline(`${others.length} of ${others.length + 1} nodes up; ${subject}: RabbitMQ down`)], untilMs: SETTLE_MS }],
    recover: [start(subject), healthy(others.length + 1, BACK_TO_HEALTHY_MS)],
  }),
};
