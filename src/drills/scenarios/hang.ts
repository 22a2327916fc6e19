import { SETTLE_MS } from '../drill-config';
import type { Scenario } from '../drill-types';
import { doesNotSay, nodeState } from '../expectations';
import { act } from '../lab-actions';
import { BACK_TO_HEALTHY_MS, baseline, healthy, LOOPBACK_LAB } from './common';

export const hangScenario: Scenario = {
  name: 'hang',
  summary: 'a node\'s Erlang VM is frozen (SIGSTOP): the bot calls it hung, not down, and still answers within its deadlines',
  lab: LOOPBACK_LAB,
  subject: '2',
  readOnlyHint: 'freeze RabbitMQ on NODE (kill -STOP its beam.smp); kill -CONT it afterwards',
  plan: ({ subject, others }) => ({
    prepare: [baseline(others.length + 1)],
    inject: [act(`freeze the Erlang VM of ${subject} (SIGSTOP)`, async (lab) => (await lab.hang(subject), `beam pid ${lab.node(subject).beamPid} stopped`))],
    during: [{ kind: 'ask', line: '/rmq status', expect: [nodeState(subject, 'timed out (hung?)'), doesNotSay(`${subject}: RabbitMQ down`, `does not call ${subject} down`)], untilMs: SETTLE_MS }],
    recover: [act(`resume ${subject} (SIGCONT)`, async (lab) => (await lab.resume(subject), 'resumed')), healthy(others.length + 1, BACK_TO_HEALTHY_MS)],
  }),
};
