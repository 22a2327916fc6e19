import { randomInt } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Lab } from './lab';
import { isLabError } from './lab-errors';
import type { LabNetwork, PartitionHandling } from './lab-layout';
import type { ProgressSink } from './progress';
import { startLab } from './start-lab';

/**
 * A lab of its own for one test or drill: a temp dir, a node prefix and a port block nobody else
 * uses, so labs of parallel jest workers, drills, other engineers and CI never meet (they still share
 * the system epmd, and loopback nodes are named apart for it).
 */
export interface DisposableLabOptions {
  readonly nodes?: number;
  readonly standby?: boolean;
  readonly network?: LabNetwork;
  readonly partitionHandling?: PartitionHandling;
  readonly onProgress?: ProgressSink;
  /** Learns each dir before anything starts in it, so a caller that gives up waiting can still stop it. */
  readonly onDir?: (dir: string) => void;
  /** Keep the dir (logs) after teardown. */
  readonly keepDir?: boolean;
}

export interface DisposableLab {
  readonly lab: Lab;
  /** Stops every process the lab started, deletes its namespaces and removes its dir. Safe to call twice. */
  teardown(): Promise<void>;
}

/** Port blocks 32 apart: amqp/sshd use base..base+9, dist and CLI base+20000..base+20020, all below the ephemeral range. */
const PORT_BLOCK = 32;
const PORT_BASE_MIN = 10_000;
const PORT_BLOCKS = 62;
const ATTEMPTS = 4;

/** Stops whatever a lab in DIR recorded, even one whose startLab never returned, then removes the dir. */
export async function stopLabIn(dir: string, keepDir = false): Promise<void> {
  try {
    await Lab.open(dir).down();
  } catch (e) {
    if (!(isLabError(e) && e.code === 'not-up')) throw e;
  }
  if (!keepDir) rmSync(dir, { recursive: true, force: true });
}

export async function startDisposableLab(options: DisposableLabOptions = {}): Promise<DisposableLab> {
  for (let attempt = 1; ; attempt++) {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'rmq-lab-'));
    options.onDir?.(dir);
    const prefix = `t${randomInt(100_000, 1_000_000)}n`;
    const portBase = PORT_BASE_MIN + PORT_BLOCK * randomInt(PORT_BLOCKS);
    try {
      const lab = await startLab({
        dir,
        prefix,
        portBase,
        nodes: options.nodes ?? 3,
        standby: options.standby ?? false,
        network: options.network,
        partitionHandling: options.partitionHandling,
        onProgress: options.onProgress,
      });
      let stopped: Promise<void> | null = null;
      return { lab, teardown: () => (stopped ??= stopLabIn(dir, options.keepDir)) };
    } catch (e) {
      await stopLabIn(dir, options.keepDir);
      // Another lab took these ports or names between our check and our boot: pick others.
      const collided = isLabError(e) && (e.code === 'port-in-use' || e.code === 'node-name-in-use' || e.code === 'netns-in-use');
      if (!collided || attempt >= ATTEMPTS) throw e;
    }
  }
}
