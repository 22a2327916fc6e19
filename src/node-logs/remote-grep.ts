import type { BotConfig, NodeConfig } from '../config/schema';
import { outcomeFailureReason } from '../reply/outcome-reason';
import { catalogLiterals, signatureCatalog } from '../signatures/catalog';
import type { Signature } from '../signatures/signature';
import { backstopSignal } from '../transport/backstop-signal';
import type { NodeReader } from '../transport/types';
import { logFilterCommand, parseLogFilterOutput, scannedBytes, type LogFilter, type LogWindow } from './log-filter-command';

/**
 * grep on the node as the analyzer's prefilter: the analyzer only ever looks at records holding one
 * of the catalog's literals (and at NUL runs), so a line without one can stay on the node. The
 * lines kept around each hit give multi-line records their header and their continuation lines.
 */

/**
 * Context lines per hit. Pre-3.7 reports put the header line (time, level) above the message, and
 * pretty-printed Erlang terms put a literal a few lines below the text a pattern starts with
 * (`Mnesia(node): … inconsistent_database`, `Ranch listener … eaddrinuse`) or above what it reads
 * after it (`'rabbit' app to be running … -n NODE`). Every log of the corpus gives the same findings filtered
 * as whole with these (test/node-logs/remote-grep.test.ts): 15 lines back is what a pretty-printed
 * Ranch listener report needs, 2 lines on what the longest `[\s\S]{0,200}` patterns need; both with margin.
 */
export const SIGNATURE_CONTEXT = { before: 16, after: 4 } as const;

/** Lines with a NUL or other control byte (a hole left by a crash), and the `^@^@` of a paste. */
const NUL_LINE = '[^[:print:][:space:]]';
const CARET_NULS = '\\^@\\^@';

/** `text` as an ERE that matches exactly it. */
export const escapeExtendedRegex = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** What the node keeps for the analyzer: lines with a catalog literal or a NUL run, with record context. */
export const signatureFilter = (window: LogWindow, catalog: readonly Signature[] = signatureCatalog): LogFilter => ({
  window,
  patterns: [...catalogLiterals(catalog).map(escapeExtendedRegex), NUL_LINE, CARET_NULS],
  ...SIGNATURE_CONTEXT,
  maxMatches: Number.MAX_SAFE_INTEGER,
});

/** Lines holding `text` as a fixed string, with the same record context, at most `maxMatches` of them. */
export const textFilter = (window: LogWindow, text: string, maxMatches: number): LogFilter => ({
  window,
  patterns: [escapeExtendedRegex(text)],
  ...SIGNATURE_CONTEXT,
  maxMatches,
});

export type FilteredLogRead =
  | {
      readonly kind: 'read';
      /** Kept lines; groups of lines that were not adjacent in the log are apart by a blank line. */
      readonly text: string;
      /** Bytes grep read on the node, and bytes that came back over SSH. */
      readonly scannedBytes: number;
      readonly transferredBytes: number;
      /** The transport kept only the first `maxOutputBytes`. */
      readonly truncated: boolean;
    }
  | { readonly kind: 'failed'; readonly reason: string };

/**
 * Runs `filter` on the node's log within the configured deadlines. Reusable by anything that reads
 * a node's log for the analyzer: a one-off window (diagnose, `/rmq logs --grep`) or the bytes after
 * an offset already read (incremental reads: pass `{ kind: 'from', offset }`, then add `scannedBytes`).
 */
export async function readFilteredLog(reader: NodeReader, node: NodeConfig, filter: LogFilter, config: BotConfig): Promise<FilteredLogRead> {
  const command = logFilterCommand(node, filter);
  if (!command.ok) return { kind: 'failed', reason: `no logFile is configured for ${node.name}; add logFile to its entry in the bot config` };
  const outcome = await reader.read(command.value, { signal: backstopSignal(config.deadlines) });
  if (outcome.kind !== 'ok') return { kind: 'failed', reason: `could not read ${node.logFile ?? 'the log'}: ${outcomeFailureReason(outcome)}` };
  const parsed = parseLogFilterOutput(outcome.stdout);
  if (parsed === null) return { kind: 'failed', reason: `could not read ${node.logFile ?? 'the log'}: the node's sh or grep printed something unexpected (${JSON.stringify(outcome.stdout.slice(0, 80))})` };
  return {
    kind: 'read',
    text: parsed.text,
    scannedBytes: scannedBytes(filter.window, parsed.logBytes),
    transferredBytes: Buffer.byteLength(outcome.stdout, 'utf8'),
    truncated: outcome.truncated,
  };
}
