import { createReadStream } from 'fs';
import { join } from 'path';
import type { BundleReport, InputReport } from './analysis-report';
import { analyzeBundle } from './analyze-bundle';
import { failedInput } from './failed-input';
import { directoryEntries, tarballEntries } from './bundle-entries';
import { isTarball } from './bundle-layout';

export interface BundleSourceResult {
  /** One per analyzed file, or one carrying the error when the bundle could not be read. */
  readonly reports: InputReport[];
  readonly bundle: BundleReport | null;
}

const PROGRESS_EVERY_MS = 2_000;

const NOTHING_FOUND =
  'no RabbitMQ logs or rabbitmqctl output found in this bundle: expected files such as HOST/rabbitmq/logs/rabbit@HOST.log or HOST/rabbitmq/rabbitmqctl_status, as rabbitmq-collect-env writes them; pass log files directly otherwise';

/**
 * Reads a support bundle (directory or .tar.gz) and analyzes it as one. A bundle that cannot be
 * read (a corrupt archive, a file that is not gzip) is one failed input with the reason and the fix.
 */
export const readBundleSource = async (source: string, report: (line: string) => void, now: () => number = Date.now): Promise<BundleSourceResult> => {
  const tarball = isTarball(source);
  const stream = tarball ? createReadStream(source, { highWaterMark: 1024 * 1024 }) : null;
  const entries = stream === null ? directoryEntries(source) : tarballEntries(stream);
  const describe = (path: string): string => (tarball ? `${source}:${path}` : join(source, path));
  let files = 0;
  let lastReport = now();
  const onFile = (path: string): void => {
    files += 1;
    if (now() - lastReport < PROGRESS_EVERY_MS) return;
    lastReport = now();
    report(`${files} files read, now ${path}`);
  };
  try {
    const { inputs, bundle } = await analyzeBundle(source, entries, describe, onFile);
    if (inputs.length === 0) return { reports: [failedInput(source, NOTHING_FOUND)], bundle: null };
    return { reports: inputs, bundle };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const hint = tarball ? ' (expected a gzipped tar archive such as rabbitmq-collect-env writes; unpack it and pass the directory to see which file is damaged)' : '';
    return { reports: [failedInput(source, `bundle read failed: ${message}${hint}`)], bundle: null };
  } finally {
    stream?.destroy();
  }
};
