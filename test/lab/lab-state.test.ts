import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseLabState, readLabState, recordedProcesses, writeLabState, type LabState } from '../../src/lab/lab-state';

const state: LabState = {
  version: 1,
  startedAt: '2026-11-25T00:30:00.000Z',
  options: { nodes: 2, standby: false, prefix: 'rabbit', portBase: 5672, network: 'netns', partitionHandling: 'pause_minority' },
  nodes: {
    'rabbit1@localhost': { launcher: { pid: 100, startTime: 5 }, beam: { pid: 110, startTime: 6 } },
    'rabbit2@localhost': { launcher: { pid: 200, startTime: 7 }, beam: null },
  },
  sshd: { pid: 300, startTime: 8 },
  namespaces: ['rmqlab-rabbit-hub', 'rmqlab-rabbit1', 'rmqlab-rabbit2'],
  cuts: [['rabbit1@10.213.0.11', 'rabbit2@10.213.0.12']],
  load: null,
  stress: [],
};

describe('the lab state file', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(path.join(os.tmpdir(), 'lab-state-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('round-trips through the file and leaves no temporary file behind', () => {
    const file = path.join(dir, 'lab-state.json');
    writeLabState(file, state);
    expect(readLabState(file)).toEqual({ ok: true, value: state });
    expect(readdirSync(dir)).toEqual(['lab-state.json']);
  });

  it('reads a state written before namespaced labs existed as a loopback lab with nothing cut', () => {
    const file = path.join(dir, 'lab-state.json');
    const { namespaces, cuts, load, stress, ...older } = state;
    writeFileSync(file, JSON.stringify({ ...older, options: { nodes: 2, standby: false, prefix: 'rabbit', portBase: 5672 } }));
    const read = readLabState(file);
    expect(read.ok && read.value).toMatchObject({ options: { network: 'loopback', partitionHandling: 'ignore' }, namespaces: [], cuts: [], load: null, stress: [] });
    expect([namespaces.length, cuts.length, load, stress.length]).toEqual([3, 1, null, 0]);
  });

  it('reads a missing file as "no lab here"', () => {
    expect(readLabState(path.join(dir, 'lab-state.json'))).toEqual({ ok: true, value: null });
  });

  it('reports a corrupt file with what to do', () => {
    const file = path.join(dir, 'lab-state.json');
    writeFileSync(file, '{"version": 1, "nod');
    const read = readLabState(file);
    expect(read.ok).toBe(false);
    if (!read.ok) expect(read.error).toMatchObject({ code: 'state-unreadable', message: expect.stringMatching(/is not JSON .*stop leftover processes by hand/) });
  });

  it('refuses JSON that is not a state file (e.g. a PID written as a string)', () => {
    const hostile = JSON.stringify({ ...state, sshd: { pid: '1', startTime: 0 } });
    const parsed = parseLabState(hostile, '/srv/lab/lab-state.json');
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.error.message).toMatch(/is not a lab state file[\s\S]*sshd\.pid/);
  });

  it('lists every recorded process with its role, sshd last', () => {
    expect(recordedProcesses(state).map((p) => [p.role, p.label, p.identity.pid])).toEqual([
      ['beam', 'rabbit1@localhost beam', 110],
      ['launcher', 'rabbit1@localhost launcher', 100],
      ['launcher', 'rabbit2@localhost launcher', 200],
      ['sshd', 'sshd', 300],
    ]);
  });

  it('lists the load and every busy loop before the nodes, so down stops the traffic first', () => {
    const loaded: LabState = { ...state, load: { pid: 400, startTime: 9 }, stress: [{ node: 'rabbit2@localhost', kind: 'cpu', processes: [{ pid: 500, startTime: 10 }, { pid: 501, startTime: 10 }] }, { node: 'rabbit1@localhost', kind: 'tcp', processes: [] }] };
    expect(recordedProcesses(loaded).map((p) => [p.role, p.label, p.identity.pid]).slice(0, 4)).toEqual([
      ['load', 'lab load', 400],
      ['stress', 'cpu stress of rabbit2@localhost', 500],
      ['stress', 'cpu stress of rabbit2@localhost', 501],
      ['beam', 'rabbit1@localhost beam', 110],
    ]);
  });
});
