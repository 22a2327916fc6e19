import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Lab } from '../../src/lab/lab';

/**
 * Writes what `rabbitmq-collect-env` would have gathered on each lab node, in its layout:
 * `<host>/rabbitmq/logs/…` (the node's whole log dir), `<host>/rabbitmq/rabbitmqctl_status` and
 * `rabbitmqctl_cluster_status` (stdout and stderr together, as the script's `>> file 2>&1` does),
 * `<host>/rabbitmq/.info/…` (the command and its exit code). Each lab node stands for one host.
 */
export async function collectLabBundle(lab: Lab, dir: string): Promise<void> {
  for (const node of lab.nodes) {
    const out = path.join(dir, node.shortName, 'rabbitmq');
    mkdirSync(path.join(out, '.info'), { recursive: true });
    if (existsSync(node.logBase)) cpSync(node.logBase, path.join(out, 'logs'), { recursive: true });
    for (const [file, args] of [['rabbitmqctl_status', ['status']], ['rabbitmqctl_cluster_status', ['cluster_status']]] as const) {
      const result = await lab.rabbitmqctl(node.name, args, 30_000);
      writeFileSync(path.join(out, file), result.stdout + result.stderr);
      writeFileSync(path.join(out, '.info', file), `rabbitmqctl ${args.join(' ')}\n${result.exitCode ?? 'killed'}\n`);
    }
  }
}

/** The archive the script builds: `tar -C DIR -zcf OUT .` */
export function tarBundle(dir: string, out: string): void {
  execFileSync('tar', ['-C', dir, '-zcf', out, '.']);
}
