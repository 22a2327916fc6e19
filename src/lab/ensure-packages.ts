import { chmodSync, existsSync, rmSync, writeFileSync } from 'node:fs';
import { LabError } from './lab-errors';
import { IP, RABBITMQ_SERVER, RABBITMQCTL } from './lab-layout';
import { SSHD } from './private-sshd';
import type { Progress } from './progress';
import { describeFailure, runCommand, succeeded, type CommandResult, type RunOptions } from './run-command';

/** The files the lab runs, and the Debian package that provides each. */
const REQUIRED_FILES: readonly (readonly [file: string, debianPackage: string])[] = [
  [RABBITMQ_SERVER, 'rabbitmq-server'],
  [RABBITMQCTL, 'rabbitmq-server'],
  [SSHD, 'openssh-server'],
  ['/usr/bin/ssh-keygen', 'openssh-client'],
];

const LAB_PACKAGES = ['rabbitmq-server', 'openssh-server'];
/** Only the namespaced lab (`up --netns`) needs iproute2. */
const NETNS_FILES: readonly (readonly [file: string, debianPackage: string])[] = [[IP, 'iproute2']];

export function missingPackages(fileExists: (file: string) => boolean = existsSync, netns = false): string[] {
  const required = netns ? [...REQUIRED_FILES, ...NETNS_FILES] : REQUIRED_FILES;
  return [...new Set(required.filter(([file]) => !fileExists(file)).map(([, pkg]) => pkg))];
}

const POLICY_RC_D = '/usr/sbin/policy-rc.d';

/**
 * Without systemd, the packages' scripts start a system RabbitMQ on 5672/25672 and an sshd on 22,
 * which would take the lab's ports. Debian's policy-rc.d hook (exit 101) tells invoke-rc.d not to
 * start services; an existing policy is left exactly as it is.
 */
export async function withServiceStartsBlocked<T>(work: () => Promise<T>): Promise<T> {
  if (existsSync(POLICY_RC_D)) return work();
  writeFileSync(POLICY_RC_D, '#!/bin/sh\n# written by rmq-bot lab up while installing packages\nexit 101\n');
  chmodSync(POLICY_RC_D, 0o755);
  try {
    return await work();
  } finally {
    rmSync(POLICY_RC_D, { force: true });
  }
}

export interface PackageDeps {
  readonly isRoot: boolean;
  /** The namespaced lab also needs iproute2. */
  readonly netns?: boolean;
  readonly blockServiceStarts?: <T>(work: () => Promise<T>) => Promise<T>;
  readonly fileExists?: (file: string) => boolean;
  readonly run?: (argv: readonly string[], options: RunOptions) => Promise<CommandResult>;
}

/**
 * The lab needs root (it runs sshd and the bot logs in as root). As root, missing packages are
 * installed; otherwise the error says exactly what to run.
 */
export async function ensureLabPackages(progress: Progress, deps: PackageDeps): Promise<void> {
  const missing = missingPackages(deps.fileExists, deps.netns);
  const packages = [...LAB_PACKAGES, ...(missing.includes('iproute2') ? ['iproute2'] : [])];
  const installCommand = `apt-get install -y ${packages.join(' ')}`;
  if (!deps.isRoot) {
    const install = missing.length > 0 ? `It needs ${missing.join(', ')}; install them with:\n  sudo apt-get update && sudo ${installCommand}\nthen ` : '';
    throw new LabError(missing.length > 0 ? 'packages-missing' : 'not-root', `the lab must run as root (it starts a private sshd and the bot logs in as root). ${install}run: sudo rmq-bot lab up`);
  }
  if (missing.length === 0) {
    progress.note(`packages present: ${packages.join(', ')}`);
    return;
  }
  const run = deps.run ?? runCommand;
  // No debconf questions: nobody may be watching the terminal.
  const env = { DEBIAN_FRONTEND: 'noninteractive' };
  const blockServiceStarts = deps.blockServiceStarts ?? withServiceStartsBlocked;
  await blockServiceStarts(async () => {
    for (const argv of [['apt-get', 'update'], ['apt-get', 'install', '-y', ...packages]]) {
      const result = await progress.step(argv.join(' '), () => run(argv, { env, timeoutMs: 600_000 }));
      if (!succeeded(result)) throw new LabError('package-install-failed', `installing the lab's packages failed: ${describeFailure(argv, result)}`);
    }
  });
  const stillMissing = missingPackages(deps.fileExists, deps.netns);
  if (stillMissing.length > 0) throw new LabError('package-install-failed', `after ${installCommand}, still missing: ${stillMissing.join(', ')}`);
}
