import { readFileSync } from 'node:fs';
import path from 'node:path';
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node as YamlNode } from 'yaml';
import type { z } from 'zod';
import { err, ok, type Result } from '../result';
import { configSchema, type BotConfig } from './schema';

export interface ConfigProblem {
  /** Dotted key path such as `clusters[0].nodes[1].ssh.port`. */
  readonly path: string;
  readonly message: string;
  /** 1-based position in the file when the key exists there. */
  readonly line: number | null;
  readonly column: number | null;
  /** The offending value as written, when there is one (never for secrets: they are never inline). */
  readonly value: string | null;
}

export interface LoadedConfig {
  readonly config: BotConfig;
  /** Absolute path of the file, so relative paths inside it resolve against its folder. */
  readonly file: string;
}

export type ConfigError =
  | { readonly kind: 'unreadable'; readonly file: string; readonly detail: string }
  | { readonly kind: 'invalid'; readonly file: string; readonly problems: readonly ConfigProblem[] };

export function formatPath(keys: readonly PropertyKey[]): string {
  return keys.map((k, i) => (typeof k === 'number' ? `[${k}]` : i === 0 ? String(k) : `.${String(k)}`)).join('') || '(top level)';
}

function nodeAt(root: YamlNode | null, keys: readonly PropertyKey[]): YamlNode | null {
  let cur: unknown = root;
  for (const k of keys) {
    if (isMap(cur)) cur = cur.get(k as string, true);
    else if (isSeq(cur) && typeof k === 'number') cur = cur.get(k, true);
    else return null;
  }
  return (cur as YamlNode | undefined) ?? null;
}

/** The key itself (not its value), so an unknown key is reported where it is written. */
function keyNodeAt(root: YamlNode | null, parent: readonly PropertyKey[], key: string): YamlNode | null {
  const map = nodeAt(root, parent);
  if (!isMap(map)) return null;
  const pair = map.items.find((item) => isScalar(item.key) && item.key.value === key);
  return pair && isScalar(pair.key) ? pair.key : null;
}

function describeIssue(issue: z.core.$ZodIssue): string {
  if (issue.code === 'unrecognized_keys') return `unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}: remove or correct ${issue.keys.length > 1 ? 'them' : 'it'}`;
  return issue.message;
}

/** Validates YAML text; pure, so tests can feed hostile configs without files. */
export function parseConfigText(text: string, file: string): Result<BotConfig, ConfigError> {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    return err({
      kind: 'invalid',
      file,
      problems: doc.errors.map((e) => {
        const pos = lineCounter.linePos(e.pos[0]);
        return { path: '(yaml syntax)', message: e.message.split('\n')[0] ?? e.message, line: pos.line, column: pos.col, value: null };
      }),
    });
  }
  const parsed = configSchema.safeParse(doc.toJS() ?? {});
  if (parsed.success) return ok(parsed.data);
  const problems = parsed.error.issues.map((issue): ConfigProblem => {
    const unknownKey = issue.code === 'unrecognized_keys' ? issue.keys[0] : undefined;
    const keys = unknownKey !== undefined ? [...issue.path, unknownKey] : issue.path;
    const yamlNode = (unknownKey !== undefined ? keyNodeAt(doc.contents, issue.path, unknownKey) : nodeAt(doc.contents, keys)) ?? nodeAt(doc.contents, issue.path);
    const range = yamlNode?.range;
    const pos = range ? lineCounter.linePos(range[0]) : null;
    // A secret pasted inline is the one value never echoed back, not even in an error.
    const secret = keys.some((k) => k === 'privateKey' || k === 'passphrase');
    const value = yamlNode && isScalar(yamlNode) && !secret && unknownKey === undefined ? JSON.stringify(yamlNode.value) : null;
    return { path: formatPath(keys), message: describeIssue(issue), line: pos?.line ?? null, column: pos?.col ?? null, value };
  });
  return err({ kind: 'invalid', file, problems });
}

export function loadConfigFile(file: string): Result<LoadedConfig, ConfigError> {
  const absolute = path.resolve(file);
  let text: string;
  try {
    text = readFileSync(absolute, 'utf8');
  } catch (e) {
    return err({ kind: 'unreadable', file: absolute, detail: (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : String((e as Error).message) });
  }
  const result = parseConfigText(text, absolute);
  return result.ok ? ok({ config: result.value, file: absolute }) : result;
}

export function formatConfigError(e: ConfigError): string {
  if (e.kind === 'unreadable') return `config ${e.file}: cannot read it (${e.detail}). Pass an existing file with --config FILE; \`rmq-bot lab up\` writes one for the local lab.`;
  const lines = e.problems.map((p) => {
    const where = p.line !== null ? `${e.file}:${p.line}:${p.column ?? 1}` : e.file;
    const got = p.value !== null ? ` (got ${p.value})` : '';
    return `  ${where}  ${p.path}: ${p.message}${got}`;
  });
  return `config ${e.file} is not valid (${e.problems.length} problem${e.problems.length === 1 ? '' : 's'}):\n${lines.join('\n')}`;
}
