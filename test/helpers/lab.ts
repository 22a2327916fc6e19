import type { Lab } from '../../src/lab/lab';
import { startDisposableLab, stopLabIn, type DisposableLab } from '../../src/lab/disposable-lab';
import type { LabNetwork, PartitionHandling } from '../../src/lab/lab-layout';

/**
 * Real labs for e2e tests, each with its own temp dir, node prefix and port block (and namespaces
 * when `network: 'netns'`), see src/lab/disposable-lab.ts.
 *
 *   const lab = useTestLab({ nodes: 3 });          // in a describe: beforeAll starts, afterAll stops
 *   it('…', async () => { await lab().crash('3'); });
 *
 *   await withLab({ nodes: 1 }, async (lab) => { … });   // one-off: always stopped, even on throw
 *
 * RMQ_LAB_VERBOSE=1 prints the lab's progress lines; RMQ_LAB_KEEP=1 keeps the dir (logs) after teardown.
 */
export interface TestLabOptions {
  readonly nodes?: number;
  readonly standby?: boolean;
  readonly network?: LabNetwork;
  readonly partitionHandling?: PartitionHandling;
}

export type TestLab = DisposableLab;

const keepDir = () => process.env['RMQ_LAB_KEEP'] === '1';

/** `onDir` learns each dir before anything starts in it, so a caller that gives up waiting can still stop it. */
export function startTestLab(options: TestLabOptions = {}, onDir: (dir: string) => void = () => undefined): Promise<TestLab> {
  const verbose = process.env['RMQ_LAB_VERBOSE'] === '1';
  return startDisposableLab({ ...options, onDir, keepDir: keepDir(), onProgress: verbose ? (line) => process.stderr.write(`[lab] ${line}\n`) : undefined });
}

/** Runs body with a fresh lab and always tears it down. */
export async function withLab<T>(options: TestLabOptions, body: (lab: Lab) => Promise<T>): Promise<T> {
  const testLab = await startTestLab(options);
  try {
    return await body(testLab.lab);
  } finally {
    await testLab.teardown();
  }
}

/** jest: one lab for the enclosing describe, started in beforeAll (with its own timeout) and always stopped in afterAll. */
export function useTestLab(options: TestLabOptions = {}, startTimeoutMs = 120_000): () => Lab {
  let testLab: TestLab | null = null;
  const dirs: string[] = [];
  beforeAll(async () => {
    testLab = await startTestLab(options, (dir) => dirs.push(dir));
  }, startTimeoutMs);
  // By dir, not by the Lab object: if beforeAll timed out, startLab may still be booting and has
  // recorded its processes and namespaces in the dir's state file only.
  afterAll(async () => {
    await Promise.all(dirs.map((dir) => stopLabIn(dir, keepDir())));
  }, 60_000);
  return () => {
    if (testLab === null) throw new Error('the test lab did not start (see the beforeAll failure above)');
    return testLab.lab;
  };
}
