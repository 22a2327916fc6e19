import type { Delivery } from './route-event';

export interface PlannedPost {
  readonly coalesceKey: string;
  readonly deliveries: readonly Delivery[];
}

/**
 * Groups deliveries (in log order) into posts: a delivery joins the open group of its key when it
 * came within `windowMs` of that group's last one, so 40 connection errors in 10 s are one post.
 * Groups are ordered by their first delivery, so posts keep the log's order.
 */
export function planPosts(deliveries: readonly Delivery[], windowMs: number): PlannedPost[] {
  const groups: { coalesceKey: string; deliveries: Delivery[] }[] = [];
  const open = new Map<string, { coalesceKey: string; deliveries: Delivery[] }>();
  for (const delivery of deliveries) {
    const group = open.get(delivery.coalesceKey);
    const last = group?.deliveries[group.deliveries.length - 1];
    if (group && last && delivery.event.at.getTime() - last.event.at.getTime() <= windowMs) {
      group.deliveries.push(delivery);
      continue;
    }
    const fresh = { coalesceKey: delivery.coalesceKey, deliveries: [delivery] };
    groups.push(fresh);
    open.set(delivery.coalesceKey, fresh);
  }
  return groups;
}
