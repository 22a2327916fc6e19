import { analyzeLogText } from '../../src/signatures/log-analyzer';

/** A log's findings as sorted, distinct "id {subject}" keys: what corpus expectations are written in. */
export const findingKeys = (text: string): string[] => {
  const keys = analyzeLogText(text).findings.map(
    (finding) => `${finding.signature}${Object.keys(finding.subject).length > 0 ? ` ${JSON.stringify(finding.subject)}` : ''}`,
  );
  return [...new Set(keys)].sort();
};
