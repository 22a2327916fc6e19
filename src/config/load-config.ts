import path from 'node:path';
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node as YamlNode } from 'yaml';
import type { z } from 'zod';
import { excerpt } from '../observability/excerpt';
import { err, ok, type Result } from '../result';
import { looksSecret } from '../secrets/looks-secret';
import { checkYamlTree, maxConfigDepth } from './check-yaml-tree';
import { foreignContentWords, sniffForeignContent, type ForeignContent } from './describe-foreign-content';
import { readConfigFile, type ConfigReadProblem } from './read-config-file';
import { configSchema, type BotConfig } from './schema';

export interface ConfigProblem {
  /** Dotted key path such as `clusters[0].nodes[1].ssh.port`. */
  readonly path: string;
  readonly message: string;
  /** 1-based position in the file when the key exists there. */
  readonly line: number | null;
  readonly column: number | null;
  /** An excerpt of the offending value as written; never under `env:` or a secret key, never if it looks like a key. */
  readonly value: string | null;
}

export interface LoadedConfig {
  readonly config: BotConfig;
  /** Absolute path of the file, so relative paths inside it resolve against its folder. */
  readonly file: string;
}

export type ConfigError =
  | { readonly kind: 'unreadable'; readonly file: string; readonly problem: ConfigReadProblem }
  /** The file is something else (a key, a .env): described by shape, never quoted. */
  | { readonly kind: 'not-a-config'; readonly file: string; readonly looksLike: ForeignContent }
  | { readonly kind: 'too-complex'; readonly file: string; readonly what: 'aliases' | 'nesting' }
  | { readonly kind: 'invalid'; readonly file: string; readonly problems: readonly ConfigProblem[] };

/** More aliases than a hand-written config uses; an alias bomb expands to billions of nodes. */
const maxAliasCount = 100;
const shownUnknownKeys = 5;
const shownProblems = 20;
const valueExcerpt = 60;

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

const quotedKey = (key: string): string => (looksSecret(key) ? '(a key that looks like a secret)' : `"${excerpt(key, valueExcerpt)}"`);

function describeIssue(issue: z.core.$ZodIssue): string {
  if (issue.code !== 'unrecognized_keys') return issue.message;
  const { keys } = issue;
  const more = keys.length > shownUnknownKeys ? ` and ${keys.length - shownUnknownKeys} more` : '';
  return `unknown key${keys.length > 1 ? 's' : ''} ${keys.slice(0, shownUnknownKeys).map(quotedKey).join(', ')}${more}: remove or correct ${keys.length > 1 ? 'them' : 'it'}`;
}

/** Keys whose values are never repeated: secrets by reference, and the environment given to rabbitmqctl (cookies, passwords). */
const hiddenUnder = new Set<PropertyKey>(['privateKey', 'passphrase', 'env']);

function echoedValue(keys: readonly PropertyKey[], node: YamlNode | null): string | null {
  if (!node || !isScalar(node) || keys.some((k) => hiddenUnder.has(k))) return null;
  if (typeof node.value !== 'string') return JSON.stringify(node.value) ?? null;
  return looksSecret(node.value) ? null : JSON.stringify(excerpt(node.value, valueExcerpt));
}

function syntaxProblems(errors: readonly { message: string; pos: [number, number] }[], lineCounter: LineCounter): ConfigProblem[] {
  return errors.map((e) => {
    const pos = lineCounter.linePos(e.pos[0]);
    // The first line only: the rest quotes the source around the error.
    return { path: '(yaml syntax)', message: e.message.split('\n')[0] ?? e.message, line: pos.line, column: pos.col, value: null };
  });
}

/** Validates YAML text; pure, so tests can feed hostile configs without files. Time and memory are linear in its size. */
export function parseConfigText(text: string, file: string): Result<BotConfig, ConfigError> {
  const foreign = sniffForeignContent(text);
  if (foreign) return err({ kind: 'not-a-config', file, looksLike: foreign });
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: false });
  // The parser itself recurses: a deep enough file ends its descent with a stack overflow, reported as an error.
  if (doc.errors.some((e) => /call stack/i.test(e.message))) return err({ kind: 'too-complex', file, what: 'nesting' });
  if (doc.errors.length > 0) return err({ kind: 'invalid', file, problems: syntaxProblems(doc.errors, lineCounter) });
  const tree = checkYamlTree(doc.contents);
  if (tree.some((p) => p.kind === 'too-deep')) return err({ kind: 'too-complex', file, what: 'nesting' });
  if (tree.length > 0) {
    return err({
      kind: 'invalid',
      file,
      problems: tree.map((p) => {
        const pos = p.node.range ? lineCounter.linePos(p.node.range[0]) : null;
        const key = p.kind === 'duplicate-key' ? p.key : '';
        return { path: formatPath(p.kind === 'duplicate-key' ? [...p.path, key] : []), message: `key ${quotedKey(key)} is written twice: keep one`, line: pos?.line ?? null, column: pos?.col ?? null, value: null };
      }),
    });
  }
  if (!isMap(doc.contents)) return err({ kind: 'not-a-config', file, looksLike: doc.contents === null ? 'empty' : isSeq(doc.contents) ? 'list' : 'plain-text' });
  let plain: unknown;
  try {
    plain = doc.toJS({ maxAliasCount });
  } catch (e) {
    if (e instanceof ReferenceError) return err({ kind: 'too-complex', file, what: 'aliases' });
    throw e;
  }
  const parsed = configSchema.safeParse(plain);
  if (parsed.success) return ok(parsed.data);
  const problems = parsed.error.issues.map((issue): ConfigProblem => {
    const unknownKey = issue.code === 'unrecognized_keys' ? issue.keys[0] : undefined;
    const keys = unknownKey !== undefined ? [...issue.path, unknownKey] : issue.path;
    const yamlNode = (unknownKey !== undefined ? keyNodeAt(doc.contents, issue.path, unknownKey) : nodeAt(doc.contents, keys)) ?? nodeAt(doc.contents, issue.path);
    const range = yamlNode?.range;
    const pos = range ? lineCounter.linePos(range[0]) : null;
    const value = unknownKey === undefined ? echoedValue(keys, yamlNode) : null;
    return { path: formatPath(keys), message: describeIssue(issue), line: pos?.line ?? null, column: pos?.col ?? null, value };
  });
  return err({ kind: 'invalid', file, problems });
}

export function loadConfigFile(file: string): Result<LoadedConfig, ConfigError> {
  const absolute = path.resolve(file);
  const text = readConfigFile(absolute);
  if (!text.ok) return err({ kind: 'unreadable', file: absolute, problem: text.error });
  const result = parseConfigText(text.value, absolute);
  return result.ok ? ok({ config: result.value, file: absolute }) : result;
}

const fix = 'Pass the bot config (YAML with `clusters:`) with --config FILE; `rmq-bot lab up` writes one for the local lab.';

function describeReadProblem(problem: ConfigReadProblem): string {
  switch (problem.kind) {
    case 'missing':
      return 'no such file';
    case 'not-a-file':
      return `it is ${problem.what}, not a regular file`;
    case 'too-large':
      return `it is larger than ${problem.limit / 1024 / 1024} MiB, far more than any bot config`;
    case 'binary':
      return 'it holds binary data, not YAML text';
    case 'unreadable':
      return problem.code;
  }
}

export function formatConfigError(e: ConfigError): string {
  switch (e.kind) {
    case 'unreadable':
      return `config ${e.file}: cannot read it (${describeReadProblem(e.problem)}). ${fix}`;
    case 'not-a-config':
      return e.looksLike === 'empty'
        ? `config ${e.file} is empty. ${fix}`
        : `config ${e.file}: this looks like ${foreignContentWords[e.looksLike]}, not a bot config (its contents are not shown). ${fix}`;
    case 'too-complex':
      return e.what === 'aliases'
        ? `config ${e.file}: too many YAML aliases (more than ${maxAliasCount}); write the values out instead of repeating anchors.`
        : `config ${e.file}: nested more than ${maxConfigDepth} levels deep; a bot config needs about 6.`;
    case 'invalid': {
      const lines = e.problems.slice(0, shownProblems).map((p) => {
        const where = p.line !== null ? `${e.file}:${p.line}:${p.column ?? 1}` : e.file;
        const got = p.value !== null ? ` (got ${p.value})` : '';
        return `  ${where}  ${p.path}: ${p.message}${got}`;
      });
      const more = e.problems.length > shownProblems ? `\n  … and ${e.problems.length - shownProblems} more` : '';
      return `config ${e.file} is not valid (${e.problems.length} problem${e.problems.length === 1 ? '' : 's'}):\n${lines.join('\n')}${more}`;
    }
  }
}
