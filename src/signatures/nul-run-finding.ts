import type { NulRun } from '../logs/log-record';
import type { Finding } from './finding';

/** The readable marker that stands in for a NUL run wherever the log is shown. */
export const nulRunMarker = (bytes: number): string => `⟨${bytes} NUL bytes: sparse hole, likely unclean crash⟩`;

/** Each NUL run is its own finding: its position is the news (the moment the node died). */
export const nulRunFinding = (run: NulRun): Finding => ({
  signature: 'log-nul-run',
  severity: 'warning',
  count: 1,
  firstLine: run.line,
  lastLine: run.line,
  firstTime: null,
  lastTime: null,
  node: null,
  subject: {},
  summary: `${nulRunMarker(run.bytes)} at byte ${run.offset} (line ${run.line})${run.rendering === 'caret' ? ', pasted as ^@' : ''}`,
  state: 'active',
  clearedLine: null,
  clearedTime: null,
  nulRun: { bytes: run.bytes, offset: run.offset, rendering: run.rendering },
});
