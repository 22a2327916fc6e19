import { LogScanner } from '../logs/log-scanner';
import { MultiLiteralFinder } from '../logs/multi-literal-finder';
import { ToUtf8 } from '../logs/text-encoding';
import { catalogFollowers, catalogLiterals, signatureCatalog } from './catalog';
import type { Finding } from './finding';
import { FindingCollector } from './finding-collector';
import { matchRecord } from './match-record';
import { nulRunFinding } from './nul-run-finding';
import type { Signature } from './signature';

export interface LogAnalysis {
  readonly findings: Finding[];
  readonly bytes: number;
  readonly lines: number;
}

/** Built once per catalog: the shift tables are the expensive part. */
const finders = new WeakMap<readonly Signature[], MultiLiteralFinder>();
/** The prefilter of the catalog's literals and followers: the one place that builds it. */
export const finderFor = (catalog: readonly Signature[]): MultiLiteralFinder => {
  let finder = finders.get(catalog);
  if (finder === undefined) {
    finder = new MultiLiteralFinder(catalogLiterals(catalog), catalogFollowers(catalog));
    finders.set(catalog, finder);
  }
  return finder;
};

/** Push-style log analysis, for callers that own the reading loop. */
export class LogAnalyzer {
  private readonly collector = new FindingCollector();
  private readonly scanner: LogScanner;

  constructor(catalog: readonly Signature[] = signatureCatalog) {
    this.scanner = new LogScanner(finderFor(catalog), {
      onRecord: (record) => matchRecord(record, catalog, this.collector),
      onNulRun: (run) => this.collector.addStandalone(nulRunFinding(run)),
    });
  }

  push(chunk: Buffer): void {
    this.scanner.push(chunk);
  }

  end(): LogAnalysis {
    this.scanner.end();
    return { findings: this.collector.findings(), bytes: this.scanner.bytesScanned, lines: this.scanner.linesScanned };
  }
}

/** A whole text at once, in whatever encoding it came (UTF-16/32 re-encoded first). */
export const analyzeLogText = (text: string | Buffer, catalog?: readonly Signature[]): LogAnalysis => {
  const analyzer = new LogAnalyzer(catalog);
  const utf8 = new ToUtf8();
  analyzer.push(utf8.push(typeof text === 'string' ? Buffer.from(text, 'utf8') : text));
  analyzer.push(utf8.end());
  return analyzer.end();
};
