import { reachOf, viewOf, type NodeReport } from '../inspect/cluster-inspector';
import type { StatusMark } from '../reply/model';
import { nodeReason, reachLabel } from '../status/node-reason';
import type { NodeVitals } from './collect-vitals';

/**
 * The host and the broker on it, judged apart: a VM that answers SSH while RabbitMQ is down needs
 * RabbitMQ started, a host whose SSH is silent while its peers still see RabbitMQ running needs its
 * SSH or network path looked at, and only both silent points at the VM itself.
 */
export interface HostAndBroker {
  readonly host: { readonly value: string; readonly mark: StatusMark };
  readonly broker: { readonly value: string; readonly mark: StatusMark };
  /** One sentence when the two disagree; null when they tell the same story. */
  readonly verdict: string | null;
}

const seenRunningByPeers = (node: string, reports: readonly NodeReport[]): boolean =>
  reports.some((r) => r.node !== node && (viewOf(r)?.runningNodes.includes(node) ?? false));

export function judgeHostAndBroker(vitals: NodeVitals, report: NodeReport | undefined, reports: readonly NodeReport[]): HostAndBroker {
  const hostUp = vitals.kind === 'read';
  const host = hostUp ? { value: 'answers over SSH', mark: 'ok' as const } : { value: `no vitals: ${vitals.reason}`, mark: 'critical' as const };
  const peersSeeIt = seenRunningByPeers(vitals.node, reports);
  if (report === undefined) return { host, broker: { value: 'not asked', mark: 'unknown' }, verdict: null };
  const reach = reachOf(report);
  if (reach === 'ok') return { host, broker: { value: 'running', mark: 'ok' }, verdict: null };
  if (hostUp) {
    return {
      host,
      broker: { value: `${reachLabel[reach]}: ${nodeReason(report)}`, mark: 'critical' },
      verdict: `The host is up (SSH answers, vitals below) but RabbitMQ on it is not: ${reachLabel[reach]}. Look at RabbitMQ, not at the VM.`,
    };
  }
  if (peersSeeIt) {
    return {
      host,
      broker: { value: 'its peers see it running', mark: 'warning' },
      verdict: 'SSH does not answer, but its peers still see RabbitMQ running there: the host\'s sshd or the path from the bot is broken, not RabbitMQ.',
    };
  }
  return { host, broker: { value: `${reachLabel[reach]}; its peers do not see it either`, mark: 'critical' }, verdict: 'Neither SSH nor RabbitMQ answers and no peer sees it: suspect the VM or its hypervisor.' };
}
