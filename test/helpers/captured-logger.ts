import { createLogger, type Logger } from '../../src/observability/logger';

export interface CapturedLog {
  readonly logger: Logger;
  /** Every line written so far, raw, as the production logger formats it. */
  readonly lines: string[];
}

/** The production logger (same redaction and serializers) writing into memory. */
export function capturedLogger(level = 'info'): CapturedLog {
  const lines: string[] = [];
  const logger = createLogger(level, { write: (line: string) => lines.push(line.trimEnd()) });
  return { logger, lines };
}
