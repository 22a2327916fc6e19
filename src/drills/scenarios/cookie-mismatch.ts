import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { configNode, SETTLE_MS } from '../drill-config';
import type { Scenario } from '../drill-types';
import { nodeState, says } from '../expectations';
import { act } from '../lab-actions';
import { baseline, healthy, LOOPBACK_LAB } from './common';

export const cookieMismatchScenario: Scenario = {
  name: 'cookie-mismatch',
  summary: 'the bot\'s Erlang cookie for one node is wrong: the bot says rabbitmqctl could not authenticate and to check the cookie, and the node\'s log shows the rejection',
  lab: LOOPBACK_LAB,
  subject: '3',
  readOnlyHint: 'give the bot a wrong Erlang cookie for NODE (its env HOME pointing at another .erlang.cookie)',
  plan: ({ subject, others }) => {
    let wrongHome: string | null = null;
    return {
      prepare: [baseline(others.length + 1)],
      inject: [
        act(`give the bot a different Erlang cookie for ${subject}`, async (lab) => {
          const home = path.join(lab.dir, 'drill-wrong-cookie');
          mkdirSync(home, { recursive: true, mode: 0o700 });
          const cookie = path.join(home, '.erlang.cookie');
          writeFileSync(cookie, 'NOTTHELABCOOKIEATALL', { mode: 0o600 });
          chmodSync(cookie, 0o400);
          wrongHome = home;
          return `HOME=${home} for ${subject}'s rabbitmqctl`;
        }),
      ],
      duringConfig: () => (config) => {
        const node = configNode(config, subject);
        if (wrongHome !== null) node.env = { ...node.env, HOME: wrongHome };
      },
      during: [
        { kind: 'ask', line: '/rmq status', expect: [nodeState(subject, 'rabbitmqctl failed'), says('check the Erlang cookie', 'says to check the Erlang cookie')], untilMs: SETTLE_MS },
        { kind: 'ask', line: `/rmq logs ${subject} --grep "Invalid challenge reply" --lines 5`, expect: [says('Invalid challenge reply', `shows ${subject} rejecting the connection in its log`)], untilMs: SETTLE_MS },
      ],
      recover: [healthy(others.length + 1, SETTLE_MS)],
    };
  },
};
