import type { NewEvent } from '../store/store';
import type { WatchChange } from './watch-change';
import { changeKey } from './watch-change';

export interface ChangeContext {
  readonly cluster: string;
  readonly pollSeq: number;
  readonly fenceToken: number;
  readonly holder: string;
  readonly at: Date;
}

const sidesText = (sides: readonly (readonly string[])[]) => sides.map((side) => `[${side.join(', ')}]`).join(' / ');

function summary(change: WatchChange): string {
  switch (change.kind) {
    case 'node-down':
      return `${change.node} is down`;
    case 'node-up':
      return `${change.node} is up again`;
    case 'ssh-unreachable':
      return `${change.node}: the bot cannot reach its host over SSH`;
    case 'ssh-reachable':
      return `${change.node}: its host answers SSH again`;
    case 'node-timed-out':
      return `${change.node} did not answer within the deadline (hung?)`;
    case 'alarm-set':
      return `${change.node}: ${change.alarm} alarm set`;
    case 'alarm-cleared':
      return `${change.node}: ${change.alarm} alarm cleared`;
    case 'partition-appeared':
      return `partition: ${sidesText(change.sides)}`;
    case 'partition-healed':
      return `partition healed: ${sidesText(change.sides)}`;
    case 'flapping':
      return `${change.node} is flapping: ${change.count} down/up changes; further ones are counted, not posted`;
    case 'flapping-stopped':
      return `${change.node} stopped flapping after ${change.count} down/up changes; it is ${change.settled}`;
  }
}

function details(change: WatchChange) {
  switch (change.kind) {
    case 'alarm-set':
    case 'alarm-cleared':
      return { change: change.kind, node: change.node, alarm: change.alarm };
    case 'partition-appeared':
    case 'partition-healed':
      return { change: change.kind, node: null, sides: change.sides.map((side) => [...side]) };
    case 'flapping':
      return { change: change.kind, node: change.node, count: change.count };
    case 'flapping-stopped':
      return { change: change.kind, node: change.node, count: change.count, settled: change.settled };
    default:
      return { change: change.kind, node: change.node };
  }
}

/** The event of one change; its idempotency key is (cluster, change, poll) so a retried or repeated poll writes it once. */
export function changeEvent(change: WatchChange, ctx: ChangeContext): NewEvent {
  return {
    kind: 'cluster-change',
    at: ctx.at,
    actor: { kind: 'bot', id: ctx.holder },
    cluster: ctx.cluster,
    incident: null,
    channel: null,
    summary: `${ctx.cluster}: ${summary(change)}`,
    details: { ...details(change), pollSeq: ctx.pollSeq, fenceToken: ctx.fenceToken },
    idempotencyKey: `watch:${ctx.cluster}:${ctx.pollSeq}:${changeKey(change)}`,
  };
}
