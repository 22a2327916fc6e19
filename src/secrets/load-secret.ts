import { readFileSync } from 'node:fs';
import type { SecretRef } from '../config/schema';
import { err, ok, type Result } from '../result';

/** Why a secret could not be read. Says where it was looked for, never what it contains. */
export type SecretProblem =
  | { readonly kind: 'env-unset'; readonly variable: string }
  | { readonly kind: 'file-unreadable'; readonly file: string; readonly code: string }
  | { readonly kind: 'empty'; readonly source: string };

export interface SecretSources {
  readonly env: NodeJS.ProcessEnv;
  readonly readFile: (file: string) => string;
}

export const processSecretSources: SecretSources = { env: process.env, readFile: (file) => readFileSync(file, 'utf8') };

export function describeSecretSource(ref: SecretRef): string {
  return 'env' in ref ? `environment variable ${ref.env}` : `file ${ref.file}`;
}

export function describeSecretProblem(problem: SecretProblem): string {
  switch (problem.kind) {
    case 'env-unset':
      return `environment variable ${problem.variable} is not set`;
    case 'file-unreadable':
      return `cannot read ${problem.file} (${problem.code})`;
    case 'empty':
      return `${problem.source} is empty`;
  }
}

export function loadSecret(ref: SecretRef, sources: SecretSources): Result<string, SecretProblem> {
  let value: string;
  if ('env' in ref) {
    const fromEnv = sources.env[ref.env];
    if (fromEnv === undefined) return err({ kind: 'env-unset', variable: ref.env });
    value = fromEnv;
  } else {
    try {
      value = sources.readFile(ref.file);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException | null)?.code ?? 'unknown error';
      return err({ kind: 'file-unreadable', file: ref.file, code });
    }
  }
  return value.trim() === '' ? err({ kind: 'empty', source: describeSecretSource(ref) }) : ok(value);
}
