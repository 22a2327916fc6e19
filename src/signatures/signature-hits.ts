import { LogScanner } from '../logs/log-scanner';
import { signatureCatalog } from './catalog';
import { FindingCollector } from './finding-collector';
import { finderFor } from './log-analyzer';
import { matchRecord } from './match-record';

/** The signatures one record of a log matched, with the lines it spans. */
export interface SignatureHit {
  readonly firstLine: number;
  readonly lastLine: number;
  readonly signatures: readonly string[];
}

/** Per-record hits of a short text (a chat-sized excerpt), for marking lines rather than counting. */
export const findSignatureHits = (text: string): SignatureHit[] => {
  const hits: SignatureHit[] = [];
  const scanner = new LogScanner(finderFor(signatureCatalog), {
    onRecord: (record) => {
      const collector = new FindingCollector();
      matchRecord(record, signatureCatalog, collector);
      const signatures = [...new Set(collector.findings().map((finding) => finding.signature))];
      if (signatures.length > 0) hits.push({ firstLine: record.firstLine, lastLine: record.lastLine, signatures });
    },
    onNulRun: () => undefined,
  });
  scanner.push(Buffer.from(text, 'utf8'));
  scanner.end();
  return hits;
};
