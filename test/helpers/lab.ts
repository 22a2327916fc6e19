import { randomInt } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Lab } from '../../src/lab/lab';
import { isLabError } from '../../src/lab/lab-errors';
import { startLab } from '../../src/lab/start-lab';

/**
 * Real labs for e2e tests. Each lab gets its own temp dir, node prefix and port block, so labs of
 * parallel jest workers, other engineers and CI never meet (they still share the system epmd).
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
}

export interface TestLab {
  readonly lab: Lab;
  /** Stops every process the lab started and removes its dir. Safe to call twice. */
  teardown(): Promise<void>;
}

/** Port blocks 32 apart: amqp/sshd use base..base+9, dist and CLI base+20000..base+20020, all below the ephemeral range. */
const PORT_BLOCK = 32;
const PORT_BASE_MIN = 10_000;
const PORT_BLOCKS = 62;
const ATTEMPTS = 4;

const verbose = () => process.env['RMQ_LAB_VERBOSE'] === '1';

/** Stops whatever a lab in DIR recorded, even one whose startLab never returned, then removes the dir. */
async function stopLabIn(dir: string): Promise<void> {
  try {
    await Lab.open(dir).down();
  } catch (e) {
    if (!(isLabError(e) && e.code === 'not-up')) throw e;
  }
  if (process.env['RMQ_LAB_KEEP'] !== '1') rmSync(dir, { recursive: true, force: true });
}

/** `onDir` learns each dir before anything starts in it, so a caller that gives up waiting can still stop it. */
export async function startTestLab(options: TestLabOptions = {}, onDir: (dir: string) => void = () => undefined): Promise<TestLab> {
  for (let attempt = 1; ; attempt++) {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'rmq-lab-'));
    onDir(dir);
    const prefix = `t${randomInt(100_000, 1_000_000)}n`;
    const portBase = PORT_BASE_MIN + PORT_BLOCK * randomInt(PORT_BLOCKS);
    try {
      const lab = await startLab({ dir, prefix, portBase, nodes: options.nodes ?? 3, standby: options.standby ?? false, onProgress: verbose() ? (line) => process.stderr.write(`[lab ${prefix}] ${line}\n`) : undefined });
      let stopped: Promise<void> | null = null;
      return { lab, teardown: () => (stopped ??= stopLabIn(dir)) };
    } catch (e) {
      await stopLabIn(dir);
      // Another lab took these ports or names between our check and our boot: pick others.
      const collided = isLabError(e) && (e.code === 'port-in-use' || e.code === 'node-name-in-use');
      if (!collided || attempt >= ATTEMPTS) throw e;
    }
  }
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
  // recorded its processes in the dir's state file only.
  afterAll(async () => {
    await Promise.all(dirs.map(stopLabIn));
  }, 60_000);
  return () => {
    if (testLab === null) throw new Error('the test lab did not start (see the beforeAll failure above)');
    return testLab.lab;
  };
}
