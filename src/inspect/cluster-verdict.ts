import type { StatusMark } from '../reply/model';
import { worstMark } from '../reply/model';
import type { NodeReach, NodeReport } from './cluster-inspector';

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

export const reachLabel: Record<NodeReach, string> = {
  ok: 'up',
  'rabbit-down': 'RabbitMQ down',
  'app-stopped': 'PAUSED (VM up, rabbit app stopped)',
  unreachable: 'SSH unreachable',
  'auth-failed': 'SSH login refused',
  'host-key-mismatch': 'host key mismatch',
  timeout: 'timed out (hung?)',
  'cli-error': 'rabbitmqctl failed',
};

const nearLimitRatio = 0.9;

function ratio(used: number | null, limit: number | null): number | null {
  return used !== null && limit !== null && limit > 0 ? used / limit : null;
}

function resourceProblems(report: NodeReport): Problem[] {
  const status = report.status;
  if (!status) return [];
  const problems: Problem[] = [];
  for (const alarm of status.alarms ?? []) {
    problems.push({ mark: 'critical', text: `${report.node}: ${alarm} alarm is active; publishers on the whole cluster are blocked until it clears.` });
  }
  const checks: [string, number | null][] = [
    ['memory', ratio(status.memory.totalBytes, status.memory.limitBytes)],
    ['file descriptors', ratio(status.fileDescriptors.used, status.fileDescriptors.limit)],
    ['sockets', ratio(status.sockets.used, status.sockets.limit)],
    ['Erlang processes', ratio(status.processes.used, status.processes.limit)],
  ];
  for (const [what, r] of checks) {
    if (r !== null && r >= nearLimitRatio) problems.push({ mark: 'warning', text: `${report.node}: ${what} at ${Math.round(r * 100)}% of the limit.` });
  }
  const { freeBytes, limitBytes } = status.disk;
  if (freeBytes !== null && limitBytes !== null && freeBytes < limitBytes * 2 && !(status.alarms ?? []).includes('disk')) {
    problems.push({ mark: 'warning', text: `${report.node}: free disk is less than twice the disk_free_limit.` });
  }
  return problems;
}

/**
 * RabbitMQ lists a partition once the nodes see each other again (LAB.md: under ignore it appears
 * when the link returns) and keeps it until a side restarts; the recovery is the docs' own.
 */
const PARTITION_STAYS =
  'RabbitMQ has recorded this partition and it will not end by itself, even with the network back (under cluster_partition_handling = ignore): it still needs a restart of one side. Choose the side you trust, restart the rabbit app (stop_app, start_app) on every node of the other side, then restart the trusted side to clear the warning. Under autoheal RabbitMQ restarts the losing side itself.';

/**
 * Compares what each reachable node says about the others. Nodes can disagree during a fault
 * (a crash not yet detected, a partition), and the disagreement is often the most useful fact.
 */
function membershipProblems(reports: readonly NodeReport[]): Problem[] {
  const problems: Problem[] = [];
  const views = reports.filter((r) => r.view !== null);
  const byNode = new Map(reports.map((r) => [r.node, r]));
  const members = new Set<string>();
  for (const r of views) for (const n of [...(r.view?.discNodes ?? []), ...(r.view?.ramNodes ?? [])]) members.add(n);
  for (const member of [...members].sort()) {
    const seeing = views.filter((r) => r.view?.runningNodes.includes(member)).map((r) => r.node);
    const notSeeing = views.filter((r) => !r.view?.runningNodes.includes(member)).map((r) => r.node);
    const own = byNode.get(member);
    const isDisc = views.some((r) => r.view?.discNodes.includes(member));
    if (!own) problems.push({ mark: 'warning', text: `${member} is a cluster member but not in the bot config, so the bot cannot ask it directly.` });
    if (seeing.length === 0 && isDisc) {
      problems.push({ mark: 'critical', text: `${member} is a disc node but no peer sees it running.` });
    } else if (seeing.length > 0 && notSeeing.length > 0) {
      problems.push({ mark: 'critical', text: `${seeing.join(', ')} ${seeing.length === 1 ? 'sees' : 'see'} ${member} running; ${notSeeing.join(', ')} ${notSeeing.length === 1 ? 'does' : 'do'} not.` });
    } else if (own && own.reach !== 'ok' && seeing.length > 0) {
      problems.push({ mark: 'warning', text: `Peers still list ${member} as running although the bot cannot reach it: the failure may not be detected yet.` });
    }
  }
  const partitions = new Map<string, Set<string>>();
  for (const r of views) {
    for (const p of r.view?.partitions ?? []) {
      const set = partitions.get(p.node) ?? new Set<string>();
      p.cannotSee.forEach((n) => set.add(n));
      partitions.set(p.node, set);
    }
  }
  for (const [node, cannotSee] of partitions) {
    problems.push({ mark: 'critical', text: `Network partition: ${node} cannot see ${[...cannotSee].sort().join(', ')}.` });
  }
  if (partitions.size > 0) problems.push({ mark: 'critical', text: PARTITION_STAYS });
  return problems;
}

/**
 * Up, but its view of the cluster is missing: without a line for it the row would just lack
 * "Sees running" and the reason would be lost. cluster_status asks every peer, so on the healthy
 * nodes it times out behind a hung one; say so rather than calling them hung too.
 */
function blindProblems(reports: readonly NodeReport[], down: readonly NodeReport[]): Problem[] {
  const blind = reports.filter((r) => r.reach === 'ok' && r.view === null && r.viewProblem !== undefined);
  const hung = down.filter((r) => r.reach === 'timeout').map((r) => r.node);
  const waiting = hung.length > 0 ? blind.filter((r) => r.viewProblem?.reach === 'timeout') : [];
  const problems: Problem[] = blind.filter((r) => !waiting.includes(r)).map((r) => ({ mark: 'warning', text: `${r.node}: ${r.reason}` }));
  if (waiting.length > 0) {
    const names = waiting.map((r) => r.node).join(', ');
    problems.unshift({
      mark: 'warning',
      text: `${names} answered status, but cluster_status timed out: it asks every peer, so ${waiting.length === 1 ? 'it was' : 'they were'} most likely waiting on ${hung.join(', ')}.`,
    });
  }
  return problems;
}

export function judgeCluster(cluster: string, reports: readonly NodeReport[]): ClusterVerdict {
  const down = reports.filter((r) => r.reach !== 'ok');
  const problems: Problem[] = [
    ...down.map((r): Problem => ({ mark: 'critical', text: `${r.node}: ${reachLabel[r.reach]}: ${r.reason}` })),
    ...blindProblems(reports, down),
    ...membershipProblems(reports),
    ...reports.flatMap(resourceProblems),
  ];
  const order: StatusMark[] = ['critical', 'warning', 'unknown', 'pending', 'ok'];
  problems.sort((a, b) => order.indexOf(a.mark) - order.indexOf(b.mark));
  const up = reports.length - down.length;
  const downText = down.map((r) => `${r.node}: ${reachLabel[r.reach]}`).join('; ');
  const headline = `${up} of ${reports.length} nodes up${downText ? `; ${downText}` : ''}${problems.length === 0 ? '; no problems seen' : ''}`;
  return { cluster, mark: worstMark(problems.map((p) => p.mark)), headline, problems };
}
