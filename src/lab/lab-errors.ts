/**
 * Every way the lab can fail on purpose. Each error names the problem and what to do about it, so
 * the CLI can print `message` as it is.
 */
export type LabErrorCode =
  | 'not-root'
  | 'packages-missing'
  | 'package-install-failed'
  | 'port-in-use'
  | 'node-name-in-use'
  | 'bad-options'
  | 'unknown-node'
  | 'not-up'
  | 'state-unreadable'
  | 'node-boot-failed'
  | 'cluster-join-failed'
  | 'sshd-failed'
  | 'command-failed'
  | 'config-invalid'
  | 'netns-in-use'
  | 'network-failed'
  | 'not-netns';

export class LabError extends Error {
  readonly code: LabErrorCode;

  constructor(code: LabErrorCode, message: string) {
    super(message);
    this.name = 'LabError';
    this.code = code;
  }
}

export const isLabError = (e: unknown): e is LabError => e instanceof LabError;
