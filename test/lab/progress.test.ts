import { createProgress } from '../../src/lab/progress';

describe('createProgress', () => {
  it('stamps every line with the time since the start and times each step', async () => {
    let now = 1_000;
    const lines: string[] = [];
    const progress = createProgress((l) => lines.push(l), 60_000, () => now);
    now += 400;
    progress.note('packages present');
    await progress.step('boot 3 nodes in parallel', async () => {
      now += 8_250;
    });
    expect(lines).toEqual(['[  0.4s] packages present', '[  0.4s] boot 3 nodes in parallel …', '[  8.7s] boot 3 nodes in parallel: done in 8.3 s']);
  });

  it('says a step failed, and rethrows', async () => {
    const lines: string[] = [];
    const progress = createProgress((l) => lines.push(l), 60_000, () => 0);
    await expect(progress.step('join', () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(lines[1]).toBe('[  0.0s] join: FAILED after 0.0 s');
  });

  it('keeps talking while a step is slow', async () => {
    const lines: string[] = [];
    const progress = createProgress((l) => lines.push(l), 20);
    await progress.step('boot', () => new Promise((resolve) => setTimeout(resolve, 70)));
    expect(lines.filter((l) => l.includes('boot: still working'))).not.toHaveLength(0);
  });
});
