import { filterFlaps, type FlapState } from '../../src/watch/flap-filter';
import type { WatchChange } from '../../src/watch/watch-change';

const policy = { threshold: 3, windowMs: 60_000 };
const down: WatchChange = { kind: 'node-down', node: 'rabbit3@h' };
const up: WatchChange = { kind: 'node-up', node: 'rabbit3@h' };

/** Feeds one change per poll, 5 s apart, carrying the state like the stored polls do. */
function run(changesPerPoll: readonly (readonly WatchChange[])[], stepMs = 5_000): WatchChange[][] {
  let state: FlapState = {};
  return changesPerPoll.map((changes, i) => {
    const result = filterFlaps(changes, state, i * stepMs, policy);
    state = JSON.parse(JSON.stringify(result.state)) as FlapState;
    return result.changes;
  });
}

describe('filterFlaps', () => {
  it('passes a single crash and its recovery through as they are', () => {
    expect(run([[down], [], [up]])).toEqual([[down], [], [up]]);
  });

  it('turns a down/up storm into one flapping event with a count, then one flapping-stopped with where it settled', () => {
    const polls = [[down], [up], [down], [up], [down], [up], [down]];
    const out = run([...polls, ...Array.from({ length: 14 }, () => [])]);
    const all = out.flat();
    expect(all.filter((c) => c.kind === 'node-down' || c.kind === 'node-up')).toEqual([down, up]);
    expect(all.filter((c) => c.kind === 'flapping')).toEqual([{ kind: 'flapping', node: 'rabbit3@h', count: 3 }]);
    expect(all.filter((c) => c.kind === 'flapping-stopped')).toEqual([{ kind: 'flapping-stopped', node: 'rabbit3@h', count: 7, settled: 'down' }]);
  });

  it('does not count transitions older than the window', () => {
    expect(run([[down], [up], [down]], 40_000).flat()).toEqual([down, up, down]);
  });

  it('leaves other changes alone', () => {
    const alarm: WatchChange = { kind: 'alarm-set', node: 'rabbit1@h', alarm: 'memory' };
    expect(run([[alarm]])).toEqual([[alarm]]);
  });
});
