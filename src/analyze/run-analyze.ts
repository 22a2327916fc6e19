import { statSync } from 'fs';
import type { Readable, Writable } from 'stream';
import type { AnalysisReport, BundleReport, InputReport } from './analysis-report';
import { failedInput } from './failed-input';
import { analyzeInWorker } from './analyze-in-worker';
import { isBundleSource } from './is-bundle-source';
import { readProgress, withReadProgress } from './read-progress';

export interface AnalyzeIo {
  readonly stdin: Readable;
  readonly stdout: Writable;
  readonly stderr: Writable;
}

/** sysexits(3) codes, so scripts can tell a usage error from bad input. */
export const EXIT = { ok: 0, usage: 64, dataError: 65, noInput: 66 } as const;

const USAGE = 'usage: rmq-bot analyze [--json] FILE|DIR|BUNDLE.tar.gz...   (FILE "-" reads standard input; a directory or .tar.gz is read as one support bundle)';
const READ_CHUNK_BYTES = 1024 * 1024;

/*
 * Loaded only when used: the bundle reader brings a tar reader, the text renderer the catalog, and
 * both would delay the start of every `analyze --json FILE` (the worker starts after them).
 */
const bundleReader = (): typeof import('./read-bundle-source') => require('./read-bundle-source');
const textRenderer = (): typeof import('./render-text') => require('./render-text');

interface ParsedArgs {
  readonly json: boolean;
  readonly sources: readonly string[];
}

const parseArgs = (argv: readonly string[]): ParsedArgs | string => {
  const sources = argv.filter((arg) => arg === '-' || !arg.startsWith('-'));
  const unknown = argv.filter((arg) => arg !== '-' && arg !== '--json' && arg.startsWith('-'));
  if (unknown.length > 0) return `unknown option ${unknown[0]}`;
  if (sources.length === 0) return 'no input given';
  if (sources.filter((source) => source === '-').length > 1) return 'standard input ("-") can be read only once';
  return { json: argv.includes('--json'), sources };
};

/** Why a path cannot be read, in words, or null when it can be opened as a file. */
const unreadable = (path: string): string | null => {
  try {
    return statSync(path).isFile() ? null : 'not a regular file';
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : `cannot read it (${code ?? 'unknown error'})`;
  }
};

const PROGRESS_EVERY_MS = 2_000;

const analyzeSource = async (source: string, io: AnalyzeIo): Promise<{ report: InputReport; openFailed: boolean }> => {
  if (source !== '-') {
    const problem = unreadable(source);
    if (problem !== null) {
      return { report: failedInput(source, problem), openFailed: true };
    }
  }
  const totalBytes = source === '-' ? null : statSync(source).size;
  const progress = { totalBytes, everyMs: PROGRESS_EVERY_MS, report: (line: string) => io.stderr.write(`rmq-bot analyze: ${source}: ${line}\n`) };
  try {
    // A file is read by the worker itself; standard input can only be read here and is passed on.
    const report =
      source === '-'
        ? await analyzeInWorker(source, withReadProgress(io.stdin as AsyncIterable<Buffer>, progress), totalBytes)
        : await analyzeInWorker(source, { path: source, chunkBytes: READ_CHUNK_BYTES }, totalBytes, readProgress(progress));
    return { report, openFailed: false };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { report: failedInput(source, `read failed: ${message}`), openFailed: true };
  }
};

/**
 * `rmq-bot analyze [--json] FILE...`: offline analysis of logs and pasted status/cluster_status
 * output, kind detected per input. Returns the exit code; never throws for bad input.
 */
export const runAnalyze = async (argv: readonly string[], io: AnalyzeIo): Promise<number> => {
  const args = parseArgs(argv);
  if (typeof args === 'string') {
    io.stderr.write(`rmq-bot analyze: ${args}\n${USAGE}\n`);
    return EXIT.usage;
  }
  const results: { report: InputReport; openFailed: boolean }[] = [];
  const bundles: BundleReport[] = [];
  for (const source of args.sources) {
    if (!isBundleSource(source)) {
      results.push(await analyzeSource(source, io));
      continue;
    }
    const read = await bundleReader().readBundleSource(source, (line) => io.stderr.write(`rmq-bot analyze: ${source}: ${line}\n`));
    results.push(...read.reports.map((report) => ({ report, openFailed: false })));
    if (read.bundle !== null) bundles.push(read.bundle);
  }
  const report: AnalysisReport = { inputs: results.map((result) => result.report), ...(bundles.length > 0 ? { bundles } : {}) };
  io.stdout.write(args.json ? `${JSON.stringify(report, null, 2)}\n` : textRenderer().renderAnalysisText(report));
  for (const { report: input } of results) {
    if (input.error !== undefined && args.json) io.stderr.write(`rmq-bot analyze: ${input.source}: ${input.error}\n`);
  }
  if (results.some((result) => result.openFailed)) return EXIT.noInput;
  if (results.some((result) => result.report.error !== undefined)) return EXIT.dataError;
  return EXIT.ok;
};
