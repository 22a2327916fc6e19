import path from 'node:path';
import { LabError } from './lab-errors';

/**
 * Where every file and port of one lab lives. Pure: computed from the options alone, so a lab that
 * is already running can be found again from its state file without guessing.
 */
export const DEFAULT_PREFIX = 'rabbit';
export const DEFAULT_PORT_BASE = 5672;
/** The port LAB.md and the corpus use for the default lab's sshd. */
const DEFAULT_SSH_PORT = 2222;
/** Room for up to this many nodes (primaries + standby) in one port block. */
export const MAX_LAB_NODES = 9;
const DIST_PORT_OFFSET = 20_000;
/** CLI calls take their own distribution port; rabbitmqctl's default range is shared machine-wide. */
const CLI_DIST_PORT_OFFSET = DIST_PORT_OFFSET + MAX_LAB_NODES + 1;
const CLI_DIST_PORT_COUNT = 11;

export const RABBIT_BIN_DIR = '/usr/lib/rabbitmq/bin';
export const RABBITMQCTL = `${RABBIT_BIN_DIR}/rabbitmqctl`;
export const RABBITMQ_SERVER = `${RABBIT_BIN_DIR}/rabbitmq-server`;

export type LabClusterName = 'lab' | 'lab-standby';

/** `loopback`: every node on 127.0.0.1. `netns`: each node in a network namespace of its own, so links between nodes can be cut. */
export type LabNetwork = 'loopback' | 'netns';
export const PARTITION_HANDLINGS = ['ignore', 'pause_minority', 'autoheal'] as const;
export type PartitionHandling = (typeof PARTITION_HANDLINGS)[number];

export const IP = '/usr/sbin/ip';
/**
 * The namespaced lab's addresses exist only inside the namespaces the lab creates (LAB.md): the root
 * namespace never gets one, so no route of the machine can change. Every lab may use the same range
 * because no two labs share a namespace.
 */
const NETNS_SUBNET = '10.213.0';
const NETNS_PREFIX_LENGTH = 24;
const NETNS_FIRST_HOST = 11;
/**
 * Seconds without an answer before a peer is declared down. Erlang's default of 60 makes a cut take
 * 65-73 s to notice; at 10 it takes about 11 s (LAB.md), short enough for drills and tests.
 */
export const NETNS_TICKTIME_SECONDS = 10;

export interface LabNodeLayout {
  /** Erlang node name, e.g. `rabbit2@localhost`, or `rabbit2@10.213.0.12` in a namespaced lab. */
  readonly name: string;
  /** The address the node listens on: 127.0.0.1, or its own address inside its namespace. */
  readonly address: string;
  /** The network namespace the node runs in; null on loopback. */
  readonly netns: string | null;
  /** The part before `@`, e.g. `rabbit2`. */
  readonly shortName: string;
  /** 1-based position in the primary cluster; the standby node has none. */
  readonly index: number | null;
  readonly cluster: LabClusterName;
  readonly amqpPort: number;
  readonly distPort: number;
  readonly dir: string;
  readonly configFile: string;
  readonly enabledPluginsFile: string;
  readonly envConfFile: string;
  readonly mnesiaBase: string;
  readonly logBase: string;
  readonly logFile: string;
  readonly pidFile: string;
  /** stdout/stderr of the launching script: where a failed boot explains itself. */
  readonly consoleFile: string;
}

export interface SshdLayout {
  readonly dir: string;
  readonly port: number;
  readonly configFile: string;
  readonly hostKeyFile: string;
  readonly hostPublicKeyFile: string;
  /** The key the lab generates for the bot to log in with. */
  readonly clientKeyFile: string;
  readonly authorizedKeysFile: string;
  readonly pidFile: string;
  readonly logFile: string;
}

export interface LabLayout {
  readonly dir: string;
  readonly prefix: string;
  readonly portBase: number;
  readonly network: LabNetwork;
  readonly partitionHandling: PartitionHandling;
  /** The namespace holding the bridge every node's link plugs into; null on loopback. */
  readonly hubNetns: string | null;
  readonly nodes: readonly LabNodeLayout[];
  readonly sshd: SshdLayout;
  readonly cliDistPortMin: number;
  readonly cliDistPortMax: number;
  /** Parent of every node's own directory. */
  readonly nodesDir: string;
  /** HOME for every node and CLI call: holds the shared `.erlang.cookie`. */
  readonly homeDir: string;
  readonly cookieFile: string;
  readonly stateFile: string;
  readonly configPath: string;
}

export interface LabLayoutOptions {
  readonly dir: string;
  readonly nodes: number;
  readonly standby: boolean;
  readonly prefix: string;
  readonly portBase: number;
  readonly network?: LabNetwork;
  readonly partitionHandling?: PartitionHandling;
}

/** Namespace names are machine-wide; the node prefix is unique per lab, so it makes them unique too. */
const netnsName = (shortName: string): string => `rmqlab-${shortName}`;

/** The subnet as `ip` prints it, for messages. */
export const NETNS_SUBNET_CIDR = `${NETNS_SUBNET}.0/${NETNS_PREFIX_LENGTH}`;
export const netnsAddressWithPrefix = (address: string): string => `${address}/${NETNS_PREFIX_LENGTH}`;

/** The state file's place depends on the dir alone, so a lab can be found before its options are known. */
export const stateFileIn = (dir: string): string => path.join(dir, 'lab-state.json');

function sshdLayout(dir: string, port: number): SshdLayout {
  const sshDir = path.join(dir, 'ssh');
  return {
    dir: sshDir,
    port,
    configFile: path.join(sshDir, 'sshd_config'),
    hostKeyFile: path.join(sshDir, 'ssh_host_ed25519_key'),
    hostPublicKeyFile: path.join(sshDir, 'ssh_host_ed25519_key.pub'),
    clientKeyFile: path.join(sshDir, 'client_ed25519'),
    authorizedKeysFile: path.join(sshDir, 'authorized_keys'),
    pidFile: path.join(sshDir, 'sshd.pid'),
    logFile: path.join(sshDir, 'sshd.log'),
  };
}

function nodeLayout(dir: string, shortName: string, index: number | null, cluster: LabClusterName, slot: number, portBase: number, network: LabNetwork): LabNodeLayout {
  const address = network === 'netns' ? `${NETNS_SUBNET}.${NETNS_FIRST_HOST + slot}` : '127.0.0.1';
  // Named by address with long names (LAB.md), so no hosts file is needed inside the namespaces.
  const name = `${shortName}@${network === 'netns' ? address : 'localhost'}`;
  const nodeDir = path.join(dir, 'nodes', shortName);
  const logBase = path.join(nodeDir, 'log');
  return {
    name,
    address,
    netns: network === 'netns' ? netnsName(shortName) : null,
    shortName,
    index,
    cluster,
    amqpPort: portBase + slot,
    distPort: portBase + DIST_PORT_OFFSET + slot,
    dir: nodeDir,
    configFile: path.join(nodeDir, 'rabbitmq.conf'),
    enabledPluginsFile: path.join(nodeDir, 'enabled_plugins'),
    envConfFile: path.join(nodeDir, 'rabbitmq-env.conf'),
    mnesiaBase: path.join(nodeDir, 'mnesia'),
    logBase,
    // rabbitmq-server names its log after the node inside RABBITMQ_LOG_BASE.
    logFile: path.join(logBase, `${name}.log`),
    pidFile: path.join(nodeDir, `${shortName}.pid`),
    consoleFile: path.join(nodeDir, 'console.out'),
  };
}

export function planLab(options: LabLayoutOptions): LabLayout {
  const { dir, nodes, standby, prefix, portBase } = options;
  const network = options.network ?? 'loopback';
  if (!path.isAbsolute(dir)) throw new LabError('bad-options', `lab dir must be an absolute path, got "${dir}"`);
  if (!Number.isInteger(nodes) || nodes < 1 || nodes + (standby ? 1 : 0) > MAX_LAB_NODES) {
    throw new LabError('bad-options', `--nodes must be a whole number from 1 to ${MAX_LAB_NODES - (standby ? 1 : 0)}, got ${nodes}`);
  }
  // Erlang short node names and the config schema both accept only these characters.
  if (!/^[a-z][a-z0-9_]*$/.test(prefix)) throw new LabError('bad-options', `node prefix must be lower-case letters, digits or _, starting with a letter; got "${prefix}"`);
  const highest = portBase + CLI_DIST_PORT_OFFSET + CLI_DIST_PORT_COUNT;
  if (!Number.isInteger(portBase) || portBase < 1024 || highest > 65_535) {
    throw new LabError('bad-options', `port base must leave room for ${DIST_PORT_OFFSET + MAX_LAB_NODES + CLI_DIST_PORT_COUNT + 1} ports (1024 to ${65_535 - CLI_DIST_PORT_OFFSET - CLI_DIST_PORT_COUNT}), got ${portBase}`);
  }
  const primaries = Array.from({ length: nodes }, (_, i) => nodeLayout(dir, `${prefix}${i + 1}`, i + 1, 'lab', i, portBase, network));
  const standbyNodes = standby ? [nodeLayout(dir, `${prefix}-standby`, null, 'lab-standby', nodes, portBase, network)] : [];
  const homeDir = path.join(dir, 'home');
  return {
    nodesDir: path.join(dir, 'nodes'),
    dir,
    prefix,
    portBase,
    network,
    partitionHandling: options.partitionHandling ?? 'ignore',
    hubNetns: network === 'netns' ? netnsName(`${prefix}-hub`) : null,
    nodes: [...primaries, ...standbyNodes],
    sshd: sshdLayout(dir, portBase === DEFAULT_PORT_BASE ? DEFAULT_SSH_PORT : portBase + MAX_LAB_NODES),
    cliDistPortMin: portBase + CLI_DIST_PORT_OFFSET,
    cliDistPortMax: portBase + CLI_DIST_PORT_OFFSET + CLI_DIST_PORT_COUNT - 1,
    homeDir,
    cookieFile: path.join(homeDir, '.erlang.cookie'),
    stateFile: stateFileIn(dir),
    configPath: path.join(dir, 'rmq-bot.lab.yaml'),
  };
}

/** Every TCP port the lab will listen on, for the free-port check before anything starts. */
export function listeningPorts(layout: LabLayout): readonly number[] {
  return [...layout.nodes.flatMap((n) => [n.amqpPort, n.distPort]), layout.sshd.port];
}

/** Environment every rabbitmqctl call against this lab needs: the cookie's HOME and the lab's own CLI port range. */
export function cliEnvironment(layout: LabLayout): Readonly<Record<string, string>> {
  return {
    HOME: layout.homeDir,
    RABBITMQ_CTL_DIST_PORT_MIN: String(layout.cliDistPortMin),
    RABBITMQ_CTL_DIST_PORT_MAX: String(layout.cliDistPortMax),
    // Nodes named by address need long names on both ends of every connection, the CLI's included.
    ...(layout.network === 'netns' ? { RABBITMQ_USE_LONGNAME: 'true' } : {}),
  };
}

/** Every namespace the lab creates, hub first: the order they are made in, and the reverse of teardown. */
export function labNamespaces(layout: LabLayout): readonly string[] {
  return layout.hubNetns === null ? [] : [layout.hubNetns, ...layout.nodes.flatMap((n) => (n.netns === null ? [] : [n.netns]))];
}

/** argv run inside the node's namespace when it has one, as if on the node's own host. */
export function inNodeNetns(node: LabNodeLayout, argv: readonly string[]): readonly string[] {
  return node.netns === null ? argv : [IP, 'netns', 'exec', node.netns, ...argv];
}
