import type { NodeReport } from '../inspect/cluster-inspector';
import { formatMs } from '../reply/format';
import { worstMark, type StatusMark } from '../reply/model';
import type { ClusterSnapshot } from '../snapshot/cluster-snapshot';
import { factsOfKind, type Fact } from '../snapshot/fact';
import { nodeReason, reachLabel } from './node-reason';

export interface Problem {
  readonly mark: StatusMark;
  readonly text: string;
}

export interface ClusterVerdict {
  readonly cluster: string;
  readonly mark: StatusMark;
  /** e.g. "2 of 3 nodes up; rabbit3@localhost: RabbitMQ down". */
  readonly headline: string;
  /** Worst first. */
  readonly problems: readonly Problem[];
}

const names = (nodes: readonly string[]) => nodes.join(', ');

/** On a large cluster the list of peers would bury the sentence: count them instead. */
const whoSees = (peers: readonly string[]) => (peers.length === 1 ? `${peers[0]} still sees` : peers.length <= 3 ? `${names(peers)} still see` : `${peers.length} peers that answered still see`);

/** The transport deadline a `cluster_status` ran into, when that is why the view is missing. */
function viewTimeoutMs(report: NodeReport): number | null {
  if (report.kind !== 'reached' || report.view.kind !== 'failed') return null;
  const failure = report.view.failure;
  return failure.kind === 'transport' && failure.outcome.kind === 'timeout' ? failure.outcome.afterMs : null;
}

/**
 * Up, but its view of the cluster is missing: without a line for it the row would just lack
 * "Sees running" and the reason would be lost. cluster_status asks every peer, so on the healthy
 * nodes it times out behind a hung one; say so rather than calling them hung too. With no hung
 * peer, a node that answered status is up and merely slow: say that, not "hung".
 */
function blindProblems(snapshot: ClusterSnapshot): Problem[] {
  const blind = factsOfKind(snapshot.facts, 'view-missing');
  const hung = factsOfKind(snapshot.facts, 'no-answer').filter((f) => f.reach === 'timeout').map((f) => f.node);
  const waiting = hung.length > 0 ? blind.filter((f) => f.reach === 'timeout').map((f) => f.node) : [];
  const problems: Problem[] = blind
    .filter((f) => !waiting.includes(f.node))
    .map((f): Problem => {
      const timeoutMs = viewTimeoutMs(reportOf(snapshot, f.node));
      const text =
        timeoutMs === null
          ? `${f.node}: ${nodeReason(reportOf(snapshot, f.node))}`
          : `${f.node} answered status, but cluster_status gave no answer within ${formatMs(timeoutMs)}: the node is up and slow to answer (a busy host, or a peer it is waiting on); ask again for who it sees.`;
      return { mark: 'warning', text };
    });
  if (waiting.length > 0) {
    problems.unshift({
      mark: 'warning',
      text: `${names(waiting)} answered status, but cluster_status timed out: it asks every peer, so ${waiting.length === 1 ? 'it was' : 'they were'} most likely waiting on ${names(hung)}.`,
    });
  }
  return problems;
}

/** Facts about how a node answered always come from that node's report. */
function reportOf(snapshot: ClusterSnapshot, node: string): NodeReport {
  const report = snapshot.reports.find((r) => r.node === node);
  if (report === undefined) throw new Error(`a fact names ${node}, which has no report`);
  return report;
}

function factProblem(fact: Fact, snapshot: ClusterSnapshot): Problem | null {
  switch (fact.kind) {
    case 'no-answer': {
      return { mark: 'critical', text: `${fact.node}: ${reachLabel[fact.reach]}: ${nodeReason(reportOf(snapshot, fact.node))}` };
    }
    case 'member-not-configured':
      return { mark: 'warning', text: `${fact.node} is a cluster member but not in the bot config, so the bot cannot ask it directly.` };
    case 'down-per-peers':
      return { mark: 'critical', text: `${fact.node} is a disc node but no peer sees it running.` };
    case 'views-disagree':
      return { mark: 'critical', text: `${names(fact.seeing)} ${fact.seeing.length === 1 ? 'sees' : 'see'} ${fact.node} running; ${names(fact.notSeeing)} ${fact.notSeeing.length === 1 ? 'does' : 'do'} not.` };
    case 'running-per-peers':
      return {
        mark: 'warning',
        text: `${whoSees(fact.peers)} ${fact.node} running: only the bot cannot get an answer from it. Peers take up to net_ticktime (60 s by default) to notice a dead node, so ask again before calling it down.`,
      };
    case 'partitioned':
      return { mark: 'critical', text: `Network partition: ${fact.node} cannot see ${names(fact.cannotSee)}.` };
    case 'alarm':
      return { mark: 'critical', text: `${fact.node}: ${fact.alarm} alarm is active; publishers on the whole cluster are blocked until it clears.` };
    case 'near-limit':
      return { mark: 'warning', text: `${fact.node}: ${fact.resource} at ${fact.percent}% of the limit.` };
    case 'disk-low':
      return { mark: 'warning', text: `${fact.node}: free disk is less than twice the disk_free_limit.` };
    case 'view-missing':
    case 'partition':
    case 'queues-homed-on-lost-node':
      // Said elsewhere: blind nodes together (blindProblems), the partition node by node, homed queues by diagnose.
      return null;
  }
}

/**
 * RabbitMQ lists a partition once the nodes see each other again (under ignore it appears when the
 * link returns) and keeps it until a side restarts; the recovery is the docs' own.
 */
const PARTITION_STAYS: Problem = {
  mark: 'critical',
  text: 'RabbitMQ has recorded this partition and it will not end by itself, even with the network back (under cluster_partition_handling = ignore): it still needs a restart of one side. Choose the side you trust, restart the rabbit app (stop_app, start_app) on every node of the other side, then restart the trusted side to clear the warning. Under autoheal RabbitMQ restarts the losing side itself.',
};

const ORDER: readonly StatusMark[] = ['critical', 'warning', 'unknown', 'pending', 'ok'];

/** The status verdict of one cluster, worded from its snapshot's facts. */
export function judgeCluster(snapshot: ClusterSnapshot): ClusterVerdict {
  const noAnswer = factsOfKind(snapshot.facts, 'no-answer');
  const problems: Problem[] = [
    ...noAnswer.map((fact) => factProblem(fact, snapshot)).filter((p): p is Problem => p !== null),
    ...blindProblems(snapshot),
    ...snapshot.facts.filter((fact) => fact.kind !== 'no-answer').flatMap((fact) => factProblem(fact, snapshot) ?? []),
    ...(factsOfKind(snapshot.facts, 'partitioned').length > 0 ? [PARTITION_STAYS] : []),
  ];
  problems.sort((a, b) => ORDER.indexOf(a.mark) - ORDER.indexOf(b.mark));
  const total = snapshot.reports.length;
  const downText = noAnswer.map((f) => `${f.node}: ${reachLabel[f.reach]}`).join('; ');
  const headline = `${total - noAnswer.length} of ${total} nodes up${downText ? `; ${downText}` : ''}${problems.length === 0 ? '; no problems seen' : ''}`;
  return { cluster: snapshot.cluster, mark: worstMark(problems.map((p) => p.mark)), headline, problems };
}
