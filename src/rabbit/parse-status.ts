import { detectCliFailure } from './detect-cli-failure';
import { detectFormat } from './detect-format';
import { readErlangPayload } from './erlang-payload';
import { readJsonPayload } from './json-payload';
import type { CliFailure, NodeStatus } from './model';
import { statusFromPlain } from './status/status-from-plain';
import { statusFromText } from './status/status-from-text';

export type StatusParse =
  | { readonly kind: 'parsed'; readonly status: NodeStatus }
  | { readonly kind: 'cli-failure'; readonly failure: CliFailure }
  | { readonly kind: 'unrecognized'; readonly reason: string };

function readStatus(text: string): NodeStatus | null {
  const detected = detectFormat(text, 'status');
  if (detected === null) return null;
  const { format, payload, bannerNode } = detected;
  if (format === 'text') return statusFromText(payload, bannerNode);
  const read = format === 'json' ? readJsonPayload(payload) : readErlangPayload(payload);
  if (read === null) return null;
  return statusFromPlain(read.plain, { format, complete: read.complete, bannerNode });
}

/**
 * Reads `rabbitmqctl status` output as pasted or captured: Erlang terms (3.2–3.7 and
 * `--formatter erlang`), JSON (3.7 proplist flavour and 3.8+), or 3.8+ text. Data wins over error
 * lines, so a paste that holds both a failed and a successful run still yields the status.
 */
export function parseStatus(text: string): StatusParse {
  const status = readStatus(text);
  if (status !== null) return { kind: 'parsed', status };
  const failure = detectCliFailure(text, '', null);
  if (failure !== null) return { kind: 'cli-failure', failure };
  return { kind: 'unrecognized', reason: 'no rabbitmqctl status payload found (Erlang terms, JSON or 3.8+ text)' };
}
