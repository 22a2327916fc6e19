import type { IncomingHttpHeaders } from 'node:http';

/** Headers that carry no credential and help read a log; every other header is dropped, not masked. */
const safeHeaderNames = new Set(['content-type', 'content-length', 'user-agent', 'x-slack-request-timestamp', 'x-slack-retry-num', 'x-slack-retry-reason']);

export function safeHeaders(headers: IncomingHttpHeaders | Record<string, unknown>): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (safeHeaderNames.has(name.toLowerCase()) && typeof value === 'string') kept[name.toLowerCase()] = value;
  }
  return kept;
}
