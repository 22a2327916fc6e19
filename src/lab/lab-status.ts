import type { LabClusterName, LabLayout } from './lab-layout';
import type { LabState } from './lab-state';
import { processState, type ProcessIdentity } from './process-identity';
import { rabbitmqctl } from './rabbitmq-cli';
import { readSshBanner } from './ssh-banner';

/** Short on purpose: a hung node never answers, and status must come back quickly. */
const PING_TIMEOUT_MS = 4_000;

export type NodeProcessState = 'running' | 'hung' | 'stopped';
export type NodeAnswer = 'pong' | 'no-answer' | 'timeout' | 'not-running';

export interface NodeStatus {
  readonly name: string;
  readonly cluster: LabClusterName;
  readonly beamPid: number | null;
  readonly process: NodeProcessState;
  readonly answer: NodeAnswer;
  readonly answerMs: number | null;
}

export interface SshdStatus {
  readonly pid: number | null;
  readonly port: number;
  readonly process: 'running' | 'stopped';
  /** The server's banner (`SSH-2.0-OpenSSH_9.2…`), null when nothing answered. */
  readonly banner: string | null;
}

export interface LabStatus {
  readonly dir: string;
  /** `loopback`, or `netns` with its partition handling. */
  readonly network: string;
  /** Cut links, `a ↔ b`. */
  readonly cuts: readonly string[];
  /** What `lab load` and `lab stress` started and still runs, one line each. */
  readonly extras: readonly string[];
  readonly configPath: string;
  readonly nodes: readonly NodeStatus[];
  readonly sshd: SshdStatus;
}

export function nodeProcessState(beam: ProcessIdentity | null): NodeProcessState {
  if (beam === null) return 'stopped';
  const state = processState(beam);
  return state === 'gone' ? 'stopped' : state;
}

async function nodeStatus(layout: LabLayout, state: LabState, name: string, cluster: LabClusterName): Promise<NodeStatus> {
  const beam = state.nodes[name]?.beam ?? null;
  const base = { name, cluster, beamPid: beam?.pid ?? null, process: nodeProcessState(beam) };
  if (base.process === 'stopped') return { ...base, answer: 'not-running', answerMs: null };
  const result = await rabbitmqctl(layout, name, ['ping'], PING_TIMEOUT_MS);
  const answer: NodeAnswer = result.timedOut ? 'timeout' : result.exitCode === 0 ? 'pong' : 'no-answer';
  return { ...base, answer, answerMs: result.durationMs };
}

export async function collectLabStatus(layout: LabLayout, state: LabState): Promise<LabStatus> {
  const sshdState = state.sshd !== null && processState(state.sshd) !== 'gone' ? 'running' : 'stopped';
  const [nodes, banner] = await Promise.all([
    Promise.all(layout.nodes.map((n) => nodeStatus(layout, state, n.name, n.cluster))),
    readSshBanner(layout.sshd.port, 2_000),
  ]);
  const alive = (identities: readonly ProcessIdentity[]) => identities.filter((p) => processState(p) !== 'gone');
  const load = state.load !== null && alive([state.load]).length > 0 ? [`lab load running, pid ${state.load.pid} (rmq-bot lab load --stop stops it)`] : [];
  const stress = state.stress.map((s) => (s.kind === 'tcp' ? `tcp stress of ${s.node}: link throttled` : `cpu stress of ${s.node}: ${alive(s.processes).length} of ${s.processes.length} busy loops running`));
  const network = layout.network === 'netns' ? `each node in its own network namespace; cluster_partition_handling = ${layout.partitionHandling}` : 'loopback';
  return { dir: layout.dir, network, cuts: state.cuts.map(([a, b]) => `${a} ↔ ${b}`), extras: [...load, ...stress], configPath: layout.configPath, nodes, sshd: { pid: state.sshd?.pid ?? null, port: layout.sshd.port, process: sshdState, banner } };
}

const ANSWER_TEXT: Record<NodeAnswer, string> = {
  pong: 'answers ping',
  'no-answer': 'does not answer ping',
  timeout: 'ping timed out',
  'not-running': 'not running',
};

export function formatLabStatus(status: LabStatus): string {
  const nameWidth = Math.max(...status.nodes.map((n) => n.name.length));
  const nodeLines = status.nodes.map((n) => {
    const pid = n.beamPid === null ? 'no pid' : `pid ${n.beamPid}`;
    const took = n.answerMs === null ? '' : ` (${n.answerMs} ms)`;
    return `  ${n.name.padEnd(nameWidth)}  ${n.cluster.padEnd(11)}  ${n.process.padEnd(7)}  ${pid.padEnd(10)}  ${ANSWER_TEXT[n.answer]}${took}`;
  });
  const s = status.sshd;
  const sshd = `  sshd 127.0.0.1:${s.port}  ${s.process}  ${s.pid === null ? 'no pid' : `pid ${s.pid}`}  ${s.banner ?? 'no SSH banner'}`;
  const cuts = status.cuts.length > 0 ? [`  cut links: ${status.cuts.join(', ')} (rmq-bot lab heal restores them)`] : [];
  const extras = status.extras.map((line) => `  ${line}`);
  return [`lab in ${status.dir} (${status.network})`, ...nodeLines, sshd, ...cuts, ...extras, `config: ${status.configPath}`, ''].join('\n');
}
