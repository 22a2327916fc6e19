import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { listEpmdNames } from './epmd-names';
import { ensureLabPackages } from './ensure-packages';
import { portsInUse } from './free-ports';
import { Lab } from './lab';
import { writeLabBotConfig } from './lab-bot-config';
import { LabError } from './lab-errors';
import { wipeLabFiles, writeCookieHome } from './lab-home';
import { DEFAULT_PORT_BASE, DEFAULT_PREFIX, labNamespaces, listeningPorts, NETNS_SUBNET_CIDR, planLab, stateFileIn, type LabLayout, type LabNetwork, type PartitionHandling } from './lab-layout';
import { createLabNetwork, deleteLabNamespaces, listNamespaces } from './lab-network';
import { readLabState, recordedProcesses, writeLabState, type LabState, type NodeProcesses } from './lab-state';
import { joinCluster } from './join-cluster';
import { awaitNodeBoot, spawnNode } from './launch-node';
import { writeNodeFiles } from './node-files';
import { awaitSshd, prepareSshd, spawnSshd } from './private-sshd';
import { processState } from './process-identity';
import { createProgress, seconds, type Progress, type ProgressSink } from './progress';
import { readPublicKey } from './ssh-keys';

export interface StartLabOptions {
  /** Absolute lab dir; everything the lab writes lives under it. */
  readonly dir: string;
  /** Nodes in the primary cluster (default 3). */
  readonly nodes?: number;
  /** Also start a separate 1-node standby cluster. */
  readonly standby?: boolean;
  /** Node name prefix: `rabbit` → rabbit1@localhost. Tests pass a unique one. */
  readonly prefix?: string;
  /** AMQP port of node 1; dist, CLI and sshd ports derive from it (see lab-layout.ts). */
  readonly portBase?: number;
  /** `netns`: every node in a network namespace of its own, so `partition` can cut links (default loopback). */
  readonly network?: LabNetwork;
  /** `cluster_partition_handling` of every node (default ignore). */
  readonly partitionHandling?: PartitionHandling;
  readonly onProgress?: ProgressSink;
}

const SSHD_DEADLINE_MS = 10_000;

/** A lab is "up" while any process it recorded lives; then `up` reports it instead of starting twice. */
function findRunningLab(dir: string, options: StartLabOptions): Lab | null {
  const read = readLabState(stateFileIn(dir));
  if (!read.ok) throw read.error;
  const state = read.value;
  if (state === null || !recordedProcesses(state).some((p) => processState(p.identity) !== 'gone')) return null;
  const asked = { nodes: options.nodes, standby: options.standby, prefix: options.prefix, portBase: options.portBase, network: options.network, partitionHandling: options.partitionHandling };
  const differs = Object.entries(asked).filter(([key, value]) => value !== undefined && state.options[key as keyof LabState['options']] !== value);
  if (differs.length > 0) {
    const what = differs.map(([key, value]) => `${key} ${String(value)} (running: ${String(state.options[key as keyof LabState['options']])})`).join(', ');
    throw new LabError('bad-options', `a different lab is already up in ${dir}: ${what}. Stop it first: rmq-bot lab down --dir ${dir}`);
  }
  return Lab.open(dir, true);
}

/** A lab whose processes all died (machine rebooted, killed by hand) may still hold namespaces it recorded: they are its own, so they go. */
async function removeStaleNamespaces(dir: string): Promise<void> {
  const read = readLabState(stateFileIn(dir));
  if (read.ok && read.value !== null && read.value.namespaces.length > 0) await deleteLabNamespaces(read.value.namespaces);
}

async function checkNothingInTheWay(layout: LabLayout): Promise<void> {
  const [busy, registered, namespaces] = await Promise.all([portsInUse(listeningPorts(layout)), listEpmdNames(), layout.network === 'netns' ? listNamespaces() : Promise.resolve([])]);
  const clashing = labNamespaces(layout).filter((n) => namespaces.includes(n));
  if (clashing.length > 0) {
    throw new LabError('netns-in-use', `network namespace${clashing.length > 1 ? 's' : ''} ${clashing.join(', ')} already exist${clashing.length > 1 ? '' : 's'}, made by another lab with this prefix; stop it (rmq-bot lab down --dir ITS_DIR) or choose another prefix`);
  }
  if (busy.length > 0) {
    throw new LabError('port-in-use', `port${busy.length > 1 ? 's' : ''} ${busy.join(', ')} already in use on 127.0.0.1; stop what uses ${busy.length > 1 ? 'them' : 'it'} or choose another port base`);
  }
  const taken = layout.nodes.filter((n) => registered.includes(n.shortName)).map((n) => n.name);
  if (taken.length > 0) throw new LabError('node-name-in-use', `node name${taken.length > 1 ? 's' : ''} ${taken.join(', ')} already registered with epmd by another RabbitMQ; choose another prefix`);
}

function throwFirstFailure(results: readonly PromiseSettledResult<unknown>[]): void {
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed !== undefined) throw failed.reason;
}

async function bootEverything(layout: LabLayout, progress: Progress, record: (update: (s: LabState) => LabState) => void): Promise<void> {
  if (layout.network === 'netns') {
    await progress.step(`network namespaces and bridge (${NETNS_SUBNET_CIDR}, inside the lab's namespaces only)`, () =>
      createLabNetwork(layout, (namespace) => record((s) => ({ ...s, namespaces: [...s.namespaces, namespace] }))),
    );
  }
  const setNode = (name: string, processes: NodeProcesses) => record((s) => ({ ...s, nodes: { ...s.nodes, [name]: processes } }));
  const sshd = progress.step(`private sshd on 127.0.0.1:${layout.sshd.port}`, async () => {
    await prepareSshd(layout.sshd);
    const identity = spawnSshd(layout.sshd);
    record((s) => ({ ...s, sshd: identity }));
    await awaitSshd(layout.sshd, identity, SSHD_DEADLINE_MS);
  });
  const nodes = progress.step(`boot ${layout.nodes.length} node${layout.nodes.length > 1 ? 's' : ''} in parallel`, async () => {
    // allSettled: one failed boot must not hide the others, which still have to be recorded for cleanup.
    const boots = await Promise.allSettled(
      layout.nodes.map(async (node) => {
        const started = Date.now();
        writeNodeFiles(node, layout.partitionHandling);
        const launcher = spawnNode(layout, node);
        setNode(node.name, { launcher, beam: null });
        const beam = await awaitNodeBoot(layout, node, launcher);
        setNode(node.name, { launcher, beam });
        progress.note(`${node.name} booted in ${seconds(Date.now() - started)} (amqp ${node.amqpPort}, dist ${node.distPort}, beam pid ${beam.pid})`);
      }),
    );
    throwFirstFailure(boots);
  });
  throwFirstFailure(await Promise.allSettled([sshd, nodes]));
  const [seed, ...joiners] = layout.nodes.filter((n) => n.cluster === 'lab');
  if (seed === undefined) return;
  for (const node of joiners) await progress.step(`join ${node.name} to ${seed.name}`, () => joinCluster(layout, node, seed));
}

/**
 * Starts a lab from nothing: checks packages, ports and node names, boots the nodes in parallel
 * with a private sshd, clusters them and writes the bot config. If the lab in `dir` is already up
 * it is returned as it is (`wasAlreadyUp`). On failure everything started so far is stopped.
 */
export async function startLab(options: StartLabOptions): Promise<Lab> {
  const progress = createProgress(options.onProgress ?? (() => undefined));
  const dir = path.resolve(options.dir);
  const running = findRunningLab(dir, options);
  if (running !== null) {
    progress.note(`lab already up in ${dir}; config: ${running.configPath}`);
    return running;
  }
  const resolved = {
    nodes: options.nodes ?? 3,
    standby: options.standby ?? false,
    prefix: options.prefix ?? DEFAULT_PREFIX,
    portBase: options.portBase ?? DEFAULT_PORT_BASE,
    network: options.network ?? 'loopback',
    partitionHandling: options.partitionHandling ?? 'ignore',
  };
  const layout = planLab({ dir, ...resolved });
  await ensureLabPackages(progress, { isRoot: process.getuid?.() === 0, netns: layout.network === 'netns' });
  await removeStaleNamespaces(dir);
  await progress.step('check ports and node names are free', () => checkNothingInTheWay(layout));

  mkdirSync(dir, { recursive: true });
  wipeLabFiles(layout);
  writeCookieHome(layout);
  let state: LabState = { version: 1, startedAt: new Date().toISOString(), options: resolved, nodes: {}, sshd: null, namespaces: [], cuts: [], load: null, stress: [] };
  const record = (update: (s: LabState) => LabState) => {
    state = update(state);
    writeLabState(layout.stateFile, state);
  };
  record((s) => s);
  try {
    await bootEverything(layout, progress, record);
    writeLabBotConfig(layout, readPublicKey(layout.sshd.hostPublicKeyFile));
  } catch (e) {
    progress.note('stopping what this attempt started');
    await new Lab(layout, state, false).down().catch(() => undefined);
    throw e;
  }
  const network = layout.network === 'netns' ? `; each node in its own network namespace, cluster_partition_handling = ${layout.partitionHandling}` : '';
  progress.note(`lab up in ${seconds(progress.elapsedMs())}: ${layout.nodes.map((n) => n.name).join(', ')}; sshd 127.0.0.1:${layout.sshd.port}${network}`);
  progress.note(`bot config: ${layout.configPath}`);
  return new Lab(layout, state, false);
}
