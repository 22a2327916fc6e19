import { startSilentListener, type SilentListener } from '../../lab/silent-listener';
import { configNode } from '../drill-config';
import { SETTLE_MS } from '../drill-config';
import type { Scenario } from '../drill-types';
import { nodeState, says } from '../expectations';
import { act } from '../lab-actions';
import { baseline, healthy, LOOPBACK_LAB } from './common';

export const sshSilentScenario: Scenario = {
  name: 'ssh-silent',
  summary: 'a host accepts TCP on its SSH port and never speaks: the bot says SSH unreachable within its connect deadline, and does not hang',
  lab: LOOPBACK_LAB,
  subject: '3',
  readOnlyHint: 'make NODE\'s SSH port accept connections and stay silent (e.g. SIGSTOP its sshd, or drop its replies)',
  plan: ({ subject, others }) => {
    let listener: SilentListener | null = null;
    return {
      prepare: [baseline(others.length + 1)],
      inject: [
        act(`point the bot at a port that accepts TCP for ${subject} and never speaks`, async () => {
          listener = await startSilentListener();
          return `silent listener on 127.0.0.1:${listener.port}`;
        }),
      ],
      duringConfig: () => (config) => {
        if (listener !== null) configNode(config, subject).ssh['port'] = listener.port;
      },
      during: [
        {
          kind: 'ask',
          line: '/rmq status',
          expect: [nodeState(subject, 'SSH unreachable'), says('no SSH handshake from', 'says no SSH handshake came'), says(`still see ${subject} running: only the bot cannot get an answer from it`, 'says the peers still see it running: the bot, not RabbitMQ, has the problem')],
          untilMs: SETTLE_MS,
        },
      ],
      recover: [healthy(others.length + 1, SETTLE_MS)],
      cleanup: async () => {
        await (listener as SilentListener | null)?.close();
      },
    };
  },
};
