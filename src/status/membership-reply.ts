import type { ClusterConfig } from '../config/schema';
import { reachOf, viewOf, type NodeReport } from '../inspect/cluster-inspector';
import type { ClusterView } from '../rabbit/model';
import { worstMark, type Block, type Reply } from '../reply/model';
import { takeSnapshot } from '../snapshot/cluster-snapshot';
import { judgeCluster } from './cluster-verdict';
import { nodeReason, reachLabel } from './node-reason';

function cell(view: ClusterView, member: string): string {
  const kind = view.discNodes.includes(member) ? 'disc' : view.ramNodes.includes(member) ? 'ram' : 'not a member';
  const running = view.runningNodes.includes(member) ? 'running' : 'NOT running';
  const partitioned = view.partitions.some((p) => (p.node === view.node && p.cannotSee.includes(member)) || (p.node === member && view.node !== null && p.cannotSee.includes(view.node)));
  return kind === 'not a member' ? kind : `${kind}, ${running}${partitioned ? ', PARTITIONED' : ''}`;
}

/** The membership matrix: one row per node that answered, saying what it sees of every member. */
export function buildMembershipReply(cluster: ClusterConfig, reports: readonly NodeReport[]): Reply {
  const members = new Set<string>(cluster.nodes.map((n) => n.name));
  for (const view of reports.map(viewOf)) for (const n of [...(view?.discNodes ?? []), ...(view?.ramNodes ?? [])]) members.add(n);
  const columns = [...members];
  const rows = cluster.nodes.map((n) => {
    const report = reports.find((r) => r.node === n.name);
    const view = report ? viewOf(report) : null;
    if (!report || !view) {
      const why = report ? `${reachLabel[reachOf(report)]}: ${nodeReason(report)}` : 'no answer';
      return [n.name, ...columns.map((_, i) => (i === 0 ? `(${why})` : '—'))];
    }
    return [n.name, ...columns.map((m) => cell(view, m))];
  });
  const verdict = judgeCluster(takeSnapshot(cluster.name, reports));
  const blocks: Block[] = [
    { kind: 'header', text: `Membership of ${cluster.name}, as each node sees it` },
    { kind: 'text', text: verdict.headline, mark: verdict.mark },
    { kind: 'table', title: 'Rows: the node asked. Columns: the member it describes.', columns: ['seen from', ...columns], rows },
  ];
  if (verdict.problems.length > 0) blocks.push({ kind: 'fields', title: 'Disagreements and problems', mark: verdict.mark, fields: verdict.problems.map((p, i) => ({ label: `${i + 1}.`, value: p.text, mark: p.mark })) });
  blocks.push({ kind: 'actions', buttons: [{ actionId: 'cluster.matrix', label: 'Refresh', value: cluster.name }] });
  return { summary: `${cluster.name} membership: ${verdict.headline}`, blocks, mark: worstMark([verdict.mark]) };
}
