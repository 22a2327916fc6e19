import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runLab } from '../../src/lab/run-lab';

function capture() {
  const out = { stdout: '', stderr: '' };
  return { out, io: { stdout: { write: (t: string) => (out.stdout += t) }, stderr: { write: (t: string) => (out.stderr += t) } } };
}

describe('runLab', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(path.join(os.tmpdir(), 'run-lab-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('prints usage and exits 2 on a bad command line', async () => {
    const { out, io } = capture();
    expect(await runLab(['crash'], io, {})).toBe(2);
    expect(out.stderr).toMatch(/^rmq-bot lab: "crash" needs a node[\s\S]*usage: rmq-bot lab <command>/);
  });

  it('prints help on stdout with exit 0', async () => {
    const { out, io } = capture();
    expect(await runLab(['help'], io, {})).toBe(0);
    expect(out.stdout).toContain('up [--nodes N] [--standby]');
  });

  it.each([['status'], ['config'], ['down'], ['crash', '2']])('"%s" in a dir without a lab says how to start one, exit 1', async (...argv) => {
    const { out, io } = capture();
    expect(await runLab([...argv, '--dir', dir], io, {})).toBe(1);
    expect(out.stderr).toBe(`rmq-bot lab: no lab in ${dir} (no ${dir}/lab-state.json); start one with: rmq-bot lab up\n`);
  });
});
