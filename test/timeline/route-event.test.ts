import type { StoredEvent } from '../../src/store/store';
import { planPosts } from '../../src/timeline/plan-posts';
import { routeEvent } from '../../src/timeline/route-event';

const at = (s: number) => new Date(Date.parse('2026-11-30T08:00:00Z') + s * 1000);

function change(id: number, s: number, kind: 'node-down' | 'node-up', node: string): StoredEvent {
  return {
    id,
    kind: 'cluster-change',
    at: at(s),
    actor: { kind: 'bot', id: 'watch' },
    cluster: 'lab',
    incident: 'inc-1',
    channel: 'C0INCIDENT',
    summary: `lab: ${node} ${kind === 'node-down' ? 'is down' : 'is up again'}`,
    details: { change: kind, node, pollSeq: id, fenceToken: 1 },
    idempotencyKey: `watch:lab:${id}`,
  };
}

describe('routing watch changes into posts', () => {
  it('counts the same change of the same node together, and keeps a down and the up after it apart', () => {
    const events = [change(1, 0, 'node-down', 'rabbit3'), change(2, 2, 'node-down', 'rabbit3'), change(3, 4, 'node-up', 'rabbit3'), change(4, 5, 'node-down', 'rabbit2')];
    const posts = planPosts(events.flatMap(routeEvent), 10_000);
    expect(posts.map((p) => p.deliveries.map((d) => d.event.id))).toEqual([[1, 2], [3], [4]]);
  });

  it('posts nothing for a change outside an incident', () => {
    expect(routeEvent({ ...change(1, 0, 'node-down', 'rabbit3'), incident: null })).toEqual([]);
  });
});
