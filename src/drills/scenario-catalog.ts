import type { LabNeeds, Scenario } from './drill-types';
import { diskAlarmScenario, memoryAlarmScenario } from './scenarios/alarms';
import { cookieMismatchScenario } from './scenarios/cookie-mismatch';
import { crashScenario } from './scenarios/crash';
import { forgetScenario } from './scenarios/forget';
import { hangScenario } from './scenarios/hang';
import { partitionAutohealScenario, partitionIgnoreScenario, partitionPauseMinorityScenario } from './scenarios/partition';
import { seed2016Scenario } from './scenarios/seed-2016';
import { sshSilentScenario } from './scenarios/ssh-silent';

/** Every drill, in the order `drill all` runs them (labs of the same kind are shared in that order). */
export const SCENARIOS: readonly Scenario[] = [
  crashScenario,
  hangScenario,
  sshSilentScenario,
  memoryAlarmScenario,
  diskAlarmScenario,
  cookieMismatchScenario,
  forgetScenario,
  seed2016Scenario,
  partitionIgnoreScenario,
  partitionPauseMinorityScenario,
  partitionAutohealScenario,
];

export function describeLabNeeds(needs: LabNeeds): string {
  const network = needs.network === 'netns' ? `each in its own network namespace, cluster_partition_handling = ${needs.partitionHandling}` : 'on loopback';
  return `${needs.nodes} nodes ${network}`;
}
