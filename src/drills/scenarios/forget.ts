import { isLabError } from '../../lab/lab-errors';
import { SETTLE_MS } from '../drill-config';
import type { Scenario } from '../drill-types';
import { nodeState, says } from '../expectations';
import { act, crash, rabbitmqctlStep } from '../lab-actions';
import { BACK_TO_HEALTHY_MS, baseline, healthy, LOOPBACK_LAB } from './common';

export const forgetScenario: Scenario = {
  name: 'forget',
  summary: 'a crashed node is evicted (forget_cluster_node) and then refuses to boot with inconsistent_cluster: the bot shows it down and finds the reason in its log',
  lab: LOOPBACK_LAB,
  subject: '3',
  readOnlyHint: 'crash NODE, run forget_cluster_node NODE on a peer, then try to start NODE again',
  plan: ({ subject, others }) => {
    const [survivor = ''] = others;
    return {
      prepare: [baseline(others.length + 1)],
      inject: [
        crash(subject),
        rabbitmqctlStep(`evict ${subject} from ${survivor} (forget_cluster_node)`, survivor, ['forget_cluster_node', subject]),
        act(`boot ${subject} again`, async (lab) => {
          const failure = await lab.start(subject).then(
            () => null,
            (e: unknown) => e,
          );
          const message = isLabError(failure) ? failure.message : 'it booted';
          const lines = message.split('\n');
          const seen = lines.find((l) => l.includes("thinks it's clustered")) ?? lines.find((l) => l.includes('inconsistent_cluster')) ?? message;
          return [{ label: `${subject} refuses to boot: inconsistent_cluster`, passed: message.includes('inconsistent_cluster'), seen: seen.trim() }];
        }),
      ],
      during: [
        { kind: 'ask', line: '/rmq status', expect: [nodeState(subject, 'RabbitMQ down')], untilMs: SETTLE_MS },
        {
          kind: 'ask',
          line: `/rmq logs ${subject} --grep inconsistent_cluster --lines 5`,
          expect: [says("thinks it's clustered with node", `shows ${subject}'s boot failure in its log`), says('[inconsistent-cluster]', 'marks it with the inconsistent-cluster signature')],
          untilMs: SETTLE_MS,
        },
      ],
      recover: [act(`wipe ${subject}'s data, boot it, reset it and join it back`, async (lab) => (await lab.resetAndRejoin(subject), 'rejoined')), healthy(others.length + 1, BACK_TO_HEALTHY_MS)],
    };
  },
};
