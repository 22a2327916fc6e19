import { LabError } from './lab-errors';
import { IP, labNamespaces, netnsAddressWithPrefix, type LabLayout, type LabNodeLayout } from './lab-layout';
import { identify, stopProcess } from './process-identity';
import { describeFailure, runCommand, succeeded, type CommandResult } from './run-command';

/**
 * The namespaced lab's network, made with iproute2 alone: a hub namespace holding a bridge, and one
 * namespace per node whose `eth0` is a veth plugged into that bridge. Both ends of every veth are
 * created inside the lab's own namespaces, so the root namespace never sees a new interface, and
 * deleting the namespaces removes every link with them.
 */
const IP_TIMEOUT_MS = 10_000;
const BRIDGE = 'br0';
const NODE_LINK = 'eth0';
/** How long a process left inside a lab namespace (epmd, a stray CLI) gets after SIGTERM. */
const LEFTOVER_GRACE_MS = 2_000;

const ip = (args: readonly string[]): Promise<CommandResult> => runCommand([IP, ...args], { timeoutMs: IP_TIMEOUT_MS });

async function ipOrFail(args: readonly string[]): Promise<void> {
  const result = await ip(args);
  if (!succeeded(result)) throw new LabError('network-failed', `the lab network could not be set up: ${describeFailure([IP, ...args], result)}`);
}

/** Names from `ip netns list` (`name (id: 3)` per line). */
export function parseNamespaceList(text: string): string[] {
  return text
    .split('\n')
    .map((line) => line.trim().split(/\s+/)[0] ?? '')
    .filter((name) => name !== '');
}

export async function listNamespaces(): Promise<string[]> {
  const result = await ip(['netns', 'list']);
  if (result.spawnError !== null) throw new LabError('packages-missing', `${result.spawnError}; the namespaced lab needs iproute2: apt-get install -y iproute2`);
  return parseNamespaceList(result.stdout);
}

/** Creates the namespaces (reporting each as soon as it exists, so a failure later still tears it down), the bridge and every node's link. */
export async function createLabNetwork(layout: LabLayout, onCreated: (namespace: string) => void): Promise<void> {
  const hub = layout.hubNetns;
  if (hub === null) return;
  for (const namespace of labNamespaces(layout)) {
    await ipOrFail(['netns', 'add', namespace]);
    onCreated(namespace);
  }
  await ipOrFail(['-n', hub, 'link', 'add', BRIDGE, 'type', 'bridge']);
  await ipOrFail(['-n', hub, 'link', 'set', BRIDGE, 'up']);
  for (const [i, node] of layout.nodes.entries()) {
    if (node.netns === null) continue;
    const port = `v${i + 1}`;
    await ipOrFail(['-n', node.netns, 'link', 'add', NODE_LINK, 'type', 'veth', 'peer', 'name', port, 'netns', hub]);
    await ipOrFail(['-n', hub, 'link', 'set', port, 'master', BRIDGE, 'up']);
    await ipOrFail(['-n', node.netns, 'addr', 'add', netnsAddressWithPrefix(node.address), 'dev', NODE_LINK]);
    await ipOrFail(['-n', node.netns, 'link', 'set', NODE_LINK, 'up']);
    await ipOrFail(['-n', node.netns, 'link', 'set', 'lo', 'up']);
  }
}

/**
 * Cuts the link between two nodes in both directions with blackhole routes: packets to the peer are
 * dropped without an answer, as on a failed switch. Routes, unlike setting a link down, can cut any
 * pair, so one side of a partition may hold several nodes while each still reaches its own side.
 */
export async function cutLink(a: LabNodeLayout, b: LabNodeLayout): Promise<void> {
  for (const [from, to] of [[a, b], [b, a]] as const) {
    if (from.netns === null) throw new LabError('not-netns', `${from.name} has no namespace of its own`);
    await ipOrFail(['-n', from.netns, 'route', 'replace', 'blackhole', `${to.address}/32`]);
  }
}

/** Removes both blackhole routes; a route or namespace that is already gone counts as restored. */
export async function restoreLink(a: LabNodeLayout, b: LabNodeLayout): Promise<void> {
  for (const [from, to] of [[a, b], [b, a]] as const) {
    if (from.netns === null) continue;
    const args = ['-n', from.netns, 'route', 'del', 'blackhole', `${to.address}/32`];
    const result = await ip(args);
    if (!succeeded(result) && !/No such process|Cannot open network namespace/.test(result.stderr)) {
      throw new LabError('network-failed', `could not restore the link ${from.name} → ${to.name}: ${describeFailure([IP, ...args], result)}`);
    }
  }
}

/**
 * `lab stress NODE tcp`: the node's link gets a token bucket far slower than its traffic with a short
 * queue, so what does not fit is dropped (the machine's kernel has no netem to drop at random) and TCP
 * retransmits. Only inside the node's own namespace: the root namespace is never touched.
 */
const TC = '/usr/sbin/tc';
const THROTTLE = ['tbf', 'rate', '8kbit', 'burst', '1600', 'limit', '3000'];

/** `tc` inside the node's namespace (iproute2's `ip` has no qdisc verb). */
function tcIn(node: LabNodeLayout, args: readonly string[]): Promise<CommandResult> {
  if (node.netns === null) throw new LabError('not-netns', `${node.name} has no namespace of its own`);
  return runCommand([IP, 'netns', 'exec', node.netns, TC, ...args], { timeoutMs: IP_TIMEOUT_MS });
}

export async function throttleLink(node: LabNodeLayout): Promise<void> {
  const args = ['qdisc', 'replace', 'dev', NODE_LINK, 'root', ...THROTTLE];
  const result = await tcIn(node, args);
  if (!succeeded(result)) throw new LabError('network-failed', `could not throttle the link of ${node.name}: ${describeFailure([TC, ...args], result)}`);
}

/** Back to the default qdisc; a namespace or qdisc already gone counts as restored. */
export async function unthrottleLink(node: LabNodeLayout): Promise<void> {
  if (node.netns === null) return;
  const args = ['qdisc', 'del', 'dev', NODE_LINK, 'root'];
  const result = await tcIn(node, args);
  if (!succeeded(result) && !/Cannot open network namespace|handle of zero|No such file|Invalid handle/.test(result.stderr)) {
    throw new LabError('network-failed', `could not restore the link of ${node.name}: ${describeFailure([TC, ...args], result)}`);
  }
}

export interface NamespaceTeardown {
  readonly namespace: string;
  readonly outcome: 'deleted' | 'was-gone' | 'failed';
  readonly detail?: string;
}

/**
 * Every process still inside one of the lab's namespaces is the lab's: the node's own epmd, or a
 * CLI call that outlived its caller. Nothing else can enter a namespace the lab made.
 */
async function stopProcessesInside(namespace: string): Promise<void> {
  const result = await ip(['netns', 'pids', namespace]);
  if (!succeeded(result)) return;
  const identities = result.stdout
    .split('\n')
    .map((line) => Number(line.trim()))
    .filter((pid) => Number.isInteger(pid) && pid > 0)
    .map(identify)
    .filter((identity) => identity !== null);
  await Promise.all(identities.map((identity) => stopProcess(identity, LEFTOVER_GRACE_MS)));
}

/** Deletes the namespaces, nodes first and the hub last; the veths and the bridge go with them. */
export async function deleteLabNamespaces(namespaces: readonly string[]): Promise<NamespaceTeardown[]> {
  const existing = new Set(await listNamespaces());
  const report: NamespaceTeardown[] = [];
  for (const namespace of [...namespaces].reverse()) {
    if (!existing.has(namespace)) {
      report.push({ namespace, outcome: 'was-gone' });
      continue;
    }
    await stopProcessesInside(namespace);
    const args = ['netns', 'del', namespace];
    const result = await ip(args);
    report.push(succeeded(result) ? { namespace, outcome: 'deleted' } : { namespace, outcome: 'failed', detail: describeFailure([IP, ...args], result) });
  }
  return report;
}
