import { mkdirSync, rmSync } from 'node:fs';
import { joinCluster } from './join-cluster';
import { LabError } from './lab-errors';
import { cliEnvironment, planLab, stateFileIn, type LabLayout, type LabNodeLayout } from './lab-layout';
import { awaitLoadReady, planLoad, spawnLoad, type LoadPlan } from './lab-load';
import { cutLink, deleteLabNamespaces, restoreLink, throttleLink, unthrottleLink, type NamespaceTeardown } from './lab-network';
import { collectLabStatus, nodeProcessState, type LabStatus, type NodeProcessState } from './lab-status';
import { readLabState, recordedProcesses, writeLabState, type LabState, type LabStress, type RecordedProcess } from './lab-state';
import { spawnBusyLoops, type StressKind } from './lab-stress';
import { awaitNodeBoot, spawnNode } from './launch-node';
import { resolveNodeArgument } from './node-argument';
import { processState, signalIfOurs, stopProcess, waitUntilGone } from './process-identity';
import { seconds } from './progress';
import { rabbitmqctl } from './rabbitmq-cli';
import type { CommandResult } from './run-command';
import { readPublicKey } from './ssh-keys';

export interface LabNode extends LabNodeLayout {
  /** The Erlang VM's PID as last recorded (it changes when the node is started again). */
  readonly beamPid: number | null;
}

export interface StoppedProcess {
  readonly label: string;
  readonly pid: number;
  readonly outcome: 'stopped' | 'was-not-running' | 'still-running';
}

export interface LabTeardown {
  readonly processes: readonly StoppedProcess[];
  readonly namespaces: readonly NamespaceTeardown[];
}

/** The two sides of a cut, by node name. */
export interface PartitionSides {
  readonly side: readonly string[];
  readonly from: readonly string[];
}

/** How long a node gets to stop cleanly on `down` before SIGKILL. */
const STOP_GRACE_MS = 10_000;

/** A process the lab recorded, stopped (SIGTERM, then SIGKILL after the grace period) if it still runs. */
async function stopRecorded(p: RecordedProcess): Promise<StoppedProcess> {
  if (processState(p.identity) === 'gone') return { label: p.label, pid: p.identity.pid, outcome: 'was-not-running' };
  await stopProcess(p.identity, STOP_GRACE_MS);
  return { label: p.label, pid: p.identity.pid, outcome: processState(p.identity) === 'gone' ? 'stopped' : 'still-running' };
}

export interface StressStop {
  readonly processes: readonly StoppedProcess[];
  /** Nodes whose throttled link was restored. */
  readonly links: readonly string[];
}

/**
 * A running lab: what it started (from its state file) and the fault injections tests need.
 * Every signal goes to a PID this lab recorded, checked against the process start time.
 */
export class Lab {
  readonly layout: LabLayout;
  /** True when `startLab` found this lab already up and started nothing. */
  readonly wasAlreadyUp: boolean;
  private state: LabState;

  constructor(layout: LabLayout, state: LabState, wasAlreadyUp: boolean) {
    this.layout = layout;
    this.state = state;
    this.wasAlreadyUp = wasAlreadyUp;
  }

  /** The lab recorded in DIR's state file; `not-up` when there is none. */
  static open(dir: string, wasAlreadyUp = false): Lab {
    const stateFile = stateFileIn(dir);
    const read = readLabState(stateFile);
    if (!read.ok) throw read.error;
    if (read.value === null) throw new LabError('not-up', `no lab in ${dir} (no ${stateFile}); start one with: rmq-bot lab up`);
    return new Lab(planLab({ dir, ...read.value.options }), read.value, wasAlreadyUp);
  }

  get dir(): string {
    return this.layout.dir;
  }

  get configPath(): string {
    return this.layout.configPath;
  }

  get sshPort(): number {
    return this.layout.sshd.port;
  }

  /** The sshd host key as pinned in the bot config (`ssh-ed25519 AAAA…`). Read on demand: a lab that failed early has none, and must still be stoppable. */
  get hostKey(): string {
    return readPublicKey(this.layout.sshd.hostPublicKeyFile);
  }

  get clientKeyFile(): string {
    return this.layout.sshd.clientKeyFile;
  }

  get homeDir(): string {
    return this.layout.homeDir;
  }

  /** Environment any rabbitmqctl call against the lab needs (cookie HOME, CLI port range). */
  get cliEnv(): Readonly<Record<string, string>> {
    return cliEnvironment(this.layout);
  }

  get nodes(): readonly LabNode[] {
    return this.layout.nodes.map((n) => this.withPid(n));
  }

  get sshdPid(): number | null {
    return this.state.sshd?.pid ?? null;
  }

  /** Node pairs whose link is cut now, by node name. */
  get cuts(): readonly (readonly [string, string])[] {
    return this.state.cuts;
  }

  /** Namespaces this lab created and has not deleted yet. */
  get namespaces(): readonly string[] {
    return this.state.namespaces;
  }

  /** Resolves `rabbit2@localhost`, `rabbit2`, `2` or `standby`. */
  node(argument: string): LabNode {
    const resolved = resolveNodeArgument(argument, this.layout.nodes);
    if (!resolved.ok) throw resolved.error;
    return this.withPid(resolved.value);
  }

  /** The node's Erlang VM: running, hung (SIGSTOP) or stopped. */
  processState(argument: string): NodeProcessState {
    return nodeProcessState(this.state.nodes[this.node(argument).name]?.beam ?? null);
  }

  /** Whether any process the lab recorded is still alive. */
  isAnythingRunning(): boolean {
    return recordedProcesses(this.state).some((p) => processState(p.identity) !== 'gone');
  }

  /** kill -9 of the beam: a faithful "VM crashed". Resolves once the process is gone. */
  async crash(argument: string): Promise<void> {
    const beam = this.liveBeam(argument, 'crash');
    signalIfOurs(beam, 'SIGCONT');
    signalIfOurs(beam, 'SIGKILL');
    if (!(await waitUntilGone(beam, 10_000))) throw new LabError('command-failed', `${this.node(argument).name} (pid ${beam.pid}) survived SIGKILL for 10 s`);
  }

  /** SIGSTOP of the beam: a faithful "node hung" (TCP still accepted, nothing answers). */
  async hang(argument: string): Promise<void> {
    signalIfOurs(this.liveBeam(argument, 'hang'), 'SIGSTOP');
  }

  async resume(argument: string): Promise<void> {
    signalIfOurs(this.liveBeam(argument, 'resume'), 'SIGCONT');
  }

  /** Boots a stopped or crashed node again with its data (no forget, no reset); resolves when it has booted. */
  async start(argument: string): Promise<void> {
    const node = this.node(argument);
    const current = this.processState(argument);
    if (current !== 'stopped') {
      throw new LabError('command-failed', `${node.name} is already ${current === 'hung' ? 'running but hung; use: rmq-bot lab resume' : 'running'} (pid ${node.beamPid})`);
    }
    const launcher = spawnNode(this.layout, node);
    this.record(node.name, { launcher, beam: null });
    const beam = await awaitNodeBoot(this.layout, node, launcher);
    this.record(node.name, { launcher, beam });
  }

  /**
   * The recovery that works for a node the cluster forgot (LAB.md): wipe its data, boot it fresh,
   * reset it and join it to the first other node of its cluster.
   */
  async resetAndRejoin(argument: string): Promise<void> {
    const node = this.node(argument);
    if (this.processState(argument) !== 'stopped') throw new LabError('command-failed', `${node.name} is running; stop or crash it before wiping its data`);
    const seed = this.layout.nodes.find((n) => n.cluster === node.cluster && n.name !== node.name);
    if (seed === undefined) throw new LabError('command-failed', `${node.name} has no other node to join`);
    rmSync(node.mnesiaBase, { recursive: true, force: true });
    mkdirSync(node.mnesiaBase, { recursive: true });
    await this.start(argument);
    await joinCluster(this.layout, node, seed, { reset: true });
  }

  async status(): Promise<LabStatus> {
    return collectLabStatus(this.layout, this.state);
  }

  /**
   * Cuts every link between the nodes of `side` and those of `from` (by default every other node of
   * the same cluster), in both directions. Links already cut stay cut; `heal` restores them all.
   */
  async partition(side: readonly string[], from: readonly string[] = []): Promise<PartitionSides> {
    if (this.layout.network !== 'netns') {
      throw new LabError('not-netns', `this lab runs every node on loopback, where links cannot be cut; start a namespaced one: rmq-bot lab down, then rmq-bot lab up --netns`);
    }
    const cutOff = [...new Map(side.map((a) => this.node(a)).map((n) => [n.name, n])).values()];
    const [first] = cutOff;
    if (first === undefined) throw new LabError('bad-options', 'name at least one node to cut off');
    const others = from.length > 0 ? from.map((a) => this.node(a)) : this.layout.nodes.filter((n) => n.cluster === first.cluster && !cutOff.some((c) => c.name === n.name));
    const both = others.filter((n) => cutOff.some((c) => c.name === n.name)).map((n) => n.name);
    if (both.length > 0) throw new LabError('bad-options', `${both.join(', ')} cannot be on both sides of the cut`);
    if (others.length === 0) throw new LabError('bad-options', `nothing to cut ${cutOff.map((n) => n.name).join(', ')} from: name the other side with --from`);
    for (const a of cutOff) {
      for (const b of others) {
        await cutLink(a, b);
        const pair = [a.name, b.name].sort() as [string, string];
        if (!this.state.cuts.some(([x, y]) => x === pair[0] && y === pair[1])) this.save({ ...this.state, cuts: [...this.state.cuts, pair] });
      }
    }
    return { side: cutOff.map((n) => n.name), from: [...new Set(others.map((n) => n.name))] };
  }

  /** Restores every link `partition` cut; returns the pairs restored. */
  async heal(): Promise<readonly (readonly [string, string])[]> {
    const healed = [...this.state.cuts];
    for (const pair of healed) {
      const [a, b] = pair.map((name) => this.layout.nodes.find((n) => n.name === name));
      if (a !== undefined && b !== undefined) await restoreLink(a, b);
      this.save({ ...this.state, cuts: this.state.cuts.filter((c) => c !== pair) });
    }
    return healed;
  }

  /** The load process as recorded, while it runs. */
  get loadPid(): number | null {
    return this.state.load !== null && processState(this.state.load) !== 'gone' ? this.state.load.pid : null;
  }

  get stresses(): readonly LabStress[] {
    return this.state.stress;
  }

  /** Starts `lab load` and resolves once its clients publish and consume; a load that fails to start is stopped. */
  async startLoad(onWaiting: (line: string) => void): Promise<LoadPlan & { readonly pid: number }> {
    if (this.loadPid !== null) throw new LabError('command-failed', `lab load already runs (pid ${this.loadPid}); stop it with: rmq-bot lab load --stop`);
    const plan = planLoad(this.layout);
    const identity = spawnLoad(plan);
    this.save({ ...this.state, load: identity });
    try {
      await awaitLoadReady(plan, identity, (ms) => onWaiting(`load (pid ${identity.pid}) still connecting to ${plan.clientNode.name} (${seconds(ms)})`));
    } catch (e) {
      await this.stopLoad();
      throw e;
    }
    return { ...plan, pid: identity.pid };
  }

  /** Stops the load process by its recorded PID; null when none was recorded. */
  async stopLoad(): Promise<StoppedProcess | null> {
    if (this.state.load === null) return null;
    const stopped = await stopRecorded({ role: 'load', label: 'lab load', identity: this.state.load });
    this.save({ ...this.state, load: null });
    return stopped;
  }

  /** Makes one node's vitals go red: busy loops for `cpu`, a throttled namespace link for `tcp`. */
  async stress(argument: string, kind: StressKind): Promise<LabStress> {
    const node = this.node(argument);
    if (this.state.stress.some((s) => s.node === node.name && s.kind === kind)) {
      throw new LabError('command-failed', `${node.name} is already under ${kind} stress; stop it with: rmq-bot lab stress --stop`);
    }
    if (kind === 'tcp') {
      if (this.layout.network !== 'netns') throw new LabError('not-netns', 'a tcp stress drops packets on a node\'s own link, which only a namespaced lab has: rmq-bot lab down, then rmq-bot lab up --netns');
      await throttleLink(node);
    }
    const stress: LabStress = { node: node.name, kind, processes: kind === 'cpu' ? spawnBusyLoops(node) : [] };
    this.save({ ...this.state, stress: [...this.state.stress, stress] });
    return stress;
  }

  /** Stops every busy loop by its recorded PID and restores every throttled link. */
  async stopStress(): Promise<StressStop> {
    const processes: StoppedProcess[] = [];
    const links: string[] = [];
    for (const stress of this.state.stress) {
      const label = `${stress.kind} stress of ${stress.node}`;
      processes.push(...(await Promise.all(stress.processes.map((identity) => stopRecorded({ role: 'stress', label, identity })))));
      const node = this.layout.nodes.find((n) => n.name === stress.node);
      if (stress.kind === 'tcp' && node !== undefined) {
        await unthrottleLink(node);
        links.push(node.name);
      }
      this.save({ ...this.state, stress: this.state.stress.filter((s) => s !== stress) });
    }
    return { processes, links };
  }

  /** `rabbitmqctl -n NODE ARGS…` against a lab node, with the lab's cookie. */
  rabbitmqctl(argument: string, args: readonly string[], timeoutMs = 30_000): Promise<CommandResult> {
    return rabbitmqctl(this.layout, this.node(argument).name, args, timeoutMs);
  }

  /**
   * Stops every process the lab recorded: load and stress first, nodes (beams, then their
   * launchers) in parallel, then sshd; then deletes the namespaces it created, with their links. The state file is removed only
   * when nothing is left.
   */
  async down(): Promise<LabTeardown> {
    const all = recordedProcesses(this.state);
    const report: StoppedProcess[] = [];
    for (const role of ['load', 'stress', 'beam', 'launcher', 'sshd'] as const) {
      report.push(...(await Promise.all(all.filter((p) => p.role === role).map(stopRecorded))));
    }
    const namespaces = await deleteLabNamespaces(this.state.namespaces);
    const kept = namespaces.filter((n) => n.outcome === 'failed').map((n) => n.namespace);
    this.save({ ...this.state, namespaces: this.state.namespaces.filter((n) => kept.includes(n)), cuts: kept.length > 0 ? this.state.cuts : [], load: null, stress: [] });
    if (report.every((p) => p.outcome !== 'still-running') && kept.length === 0) rmSync(this.layout.stateFile, { force: true });
    return { processes: report, namespaces };
  }

  private liveBeam(argument: string, action: string) {
    const node = this.node(argument);
    const beam = this.state.nodes[node.name]?.beam ?? null;
    if (beam === null || processState(beam) === 'gone') throw new LabError('command-failed', `cannot ${action} ${node.name}: it is not running (start it with: rmq-bot lab start ${node.shortName})`);
    return beam;
  }

  private withPid(node: LabNodeLayout): LabNode {
    return { ...node, beamPid: this.state.nodes[node.name]?.beam?.pid ?? null };
  }

  private record(name: string, processes: LabState['nodes'][string]): void {
    this.save({ ...this.state, nodes: { ...this.state.nodes, [name]: processes } });
  }

  private save(state: LabState): void {
    this.state = state;
    writeLabState(this.layout.stateFile, state);
  }
}
