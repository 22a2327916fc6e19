import type { InputReport, BundleReport } from './analysis-report';
import { PROBLEM_MESSAGES } from './failed-input';
import { analyzeInWorker } from './analyze-in-worker';
import { gunzipped, type BundleEntry } from './bundle-entries';
import { classifyBundlePath } from './bundle-layout';
import { correlateBundle, type BundleInput } from './correlate-bundle';

export interface BundleAnalysis {
  readonly inputs: InputReport[];
  readonly bundle: BundleReport;
}

/**
 * Analyzes every RabbitMQ file of a support bundle in one pass, one file at a time (each streamed
 * through the log scanner in the analysis worker, with a budget of its own, as any input given by
 * the user; only small command outputs are held to parse), then correlates them.
 * Files a bundle carries for other purposes (system metrics, config, the collector's own notes)
 * are skipped unread, and so are empty files.
 */
export const analyzeBundle = async (
  source: string,
  entries: AsyncIterable<BundleEntry>,
  describe: (path: string) => string,
  onFile: (path: string) => void = () => undefined,
): Promise<BundleAnalysis> => {
  const analyzed: BundleInput[] = [];
  for await (const entry of entries) {
    const layout = classifyBundlePath(entry.path);
    if (layout.role === 'skip') {
      entry.skip();
      continue;
    }
    onFile(entry.path);
    const chunks = layout.gzipped ? gunzipped(entry.chunks) : entry.chunks;
    const report = await analyzeInWorker(describe(entry.path), chunks, null);
    // Empty files are normal in a bundle (an unused upgrade log, a command that printed nothing).
    if (report.error === PROBLEM_MESSAGES.empty) continue;
    analyzed.push({ host: layout.host, fileNode: layout.node, report });
  }
  return { inputs: analyzed.map((input) => input.report), bundle: correlateBundle(source, analyzed) };
};
