import { describeCanary, describeConnectFailure, describeEndpoint } from '../amqp/describe-probe';
import type { Block, Reply, StatusMark } from '../reply/model';
import type { CutoverCheck, TopologyParity } from './check-cutover';
import type { StandbyHealth, StandbyProblem } from './standby-health';
import type { TopologyDifference } from './topology';

export function describeStandbyProblem(problem: StandbyProblem): string {
  switch (problem.kind) {
    case 'node-not-answering':
      return `${problem.node} does not answer over SSH (${problem.reach})`;
    case 'node-down':
      return `${problem.node} is down`;
    case 'partitioned':
      return `partitioned into ${problem.sides.map((side) => `[${side.join(', ')}]`).join(' and ')}`;
    case 'alarm':
      return `${problem.alarm} alarm on ${problem.node}: publishers would be blocked`;
    case 'no-amqp-config':
      return 'no amqp section in the config: the client path cannot be tested (add amqp endpoints to the standby)';
    case 'amqp-unreachable':
      return `${describeEndpoint(problem.endpoint)} vhost ${problem.vhost}: ${describeConnectFailure(problem.failure)}`;
    case 'canary-failed':
      return `${describeEndpoint(problem.endpoint)} vhost ${problem.vhost}: ${describeCanary(problem.canary).text}`;
  }
}

const displayName = (name: string): string => (name === '' ? '(default exchange)' : name);

/** One difference as table cells: what, vhost, name, difference. */
export function describeDifference(d: TopologyDifference): readonly string[] {
  switch (d.kind) {
    case 'exchange-missing':
      return ['exchange', d.vhost, d.name, `missing on the standby (${d.type ?? 'unknown'} exchange)`];
    case 'exchange-type-differs':
      return ['exchange', d.vhost, d.name, `type ${d.primary ?? '?'} on the primary, ${d.standby ?? '?'} on the standby`];
    case 'queue-missing':
      return ['queue', d.vhost, d.name, 'missing on the standby'];
    case 'binding-missing':
      return ['binding', d.binding.vhost, `${displayName(d.binding.source)} → ${d.binding.destinationKind} ${d.binding.destination}`, `routing key "${d.binding.routingKey}" missing on the standby`];
  }
}

function parityBlocks(parity: TopologyParity, check: CutoverCheck): { readonly blocks: Block[]; readonly mark: StatusMark; readonly line: string } {
  if (parity.kind === 'not-compared') {
    const line = `Topology not compared: ${parity.reason}`;
    return { blocks: [{ kind: 'text', text: line, mark: 'unknown' }], mark: 'unknown', line };
  }
  const source = `Listed on ${parity.primaryFrom} and ${parity.standbyFrom}, vhosts ${parity.vhosts.join(', ')}.`;
  if (parity.differences.length === 0) {
    const line = `Topology parity: every exchange, queue and binding of ${check.primary} exists on ${check.standby}`;
    return { blocks: [{ kind: 'text', text: line, mark: 'ok' }, { kind: 'context', text: source }], mark: 'ok', line };
  }
  const line = `Topology parity: ${parity.differences.length} difference${parity.differences.length > 1 ? 's' : ''}: clients of ${check.primary} would miss them on ${check.standby}`;
  return {
    blocks: [
      { kind: 'text', text: line, mark: 'warning' },
      { kind: 'table', columns: ['what', 'vhost', 'name', 'difference'], rows: parity.differences.map(describeDifference) },
      { kind: 'context', text: source },
    ],
    mark: 'warning',
    line,
  };
}

/** The standby's health in one line: nodes running and the canary's round trips, or how many problems. */
export function describeHealth(health: StandbyHealth): string {
  const trips = health.roundTrips.map((t) => `${describeEndpoint(t.endpoint)} ${t.vhost}: ${t.roundTripMs} ms`).join(', ');
  return health.healthy
    ? `Standby ${health.cluster} is healthy: ${health.up.length} node${health.up.length > 1 ? 's' : ''} running, canary round trip ${trips}`
    : `Standby ${health.cluster} is NOT ready: ${health.problems.length} problem${health.problems.length > 1 ? 's' : ''}`;
}

/** The pre-checks of a cutover as one read-only reply: standby health first, then topology parity. */
export function buildCutoverCheckReply(check: CutoverCheck): Reply {
  const { health } = check;
  const healthMark: StatusMark = health.healthy ? 'ok' : 'critical';
  const healthLine = describeHealth(health);
  const healthBlocks: Block[] = [{ kind: 'text', text: healthLine, mark: healthMark }];
  if (!health.healthy) healthBlocks.push({ kind: 'fields', fields: health.problems.map((p) => ({ label: p.kind, value: describeStandbyProblem(p), mark: 'critical' as const })) });
  const parity = parityBlocks(check.parity, check);
  const mark: StatusMark = !health.healthy ? 'critical' : parity.mark;
  const summary = `Cutover ${check.primary} → ${check.standby}: ${health.healthy ? 'standby healthy' : 'standby NOT ready'}; ${check.parity.kind === 'compared' ? `${check.parity.differences.length} topology difference(s)` : 'topology not compared'}`;
  return { summary, mark, blocks: [{ kind: 'header', text: `Cutover pre-checks: ${check.primary} → ${check.standby}` }, ...healthBlocks, { kind: 'divider' }, ...parity.blocks] };
}
