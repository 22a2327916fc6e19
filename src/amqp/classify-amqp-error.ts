import type { ConnectFailure, QueueOutcome } from './probe-result';

const messageOf = (e: unknown): string => (e instanceof Error ? e.message : String(e));
const codeOf = (e: unknown): unknown => (typeof e === 'object' && e !== null ? (e as { code?: unknown }).code : undefined);

/**
 * amqplib 2.x reports a refused vhost as `Expected ConnectionOpenOk; got <ConnectionClose channel:0>`
 * and drops the broker's reply text, so a missing vhost and missing permissions on it look the
 * same: both are named, with both fixes.
 */
export function classifyConnectError(e: unknown, context: { readonly vhost: string; readonly username: string; readonly afterMs: number }): ConnectFailure {
  const message = messageOf(e);
  const code = codeOf(e);
  if (code === 'ECONNREFUSED' || /ECONNREFUSED/.test(message)) return { kind: 'refused' };
  // amqplib sometimes hands on the socket error as the text of a new Error, without its code.
  if (code === 'ECONNRESET' || /ECONNRESET|socket hang up/.test(message)) return { kind: 'reset' };
  if (code === 'ETIMEDOUT' || /ETIMEDOUT|timed? ?out/i.test(message)) return { kind: 'timeout', afterMs: context.afterMs };
  if (/ACCESS_REFUSED - Login was refused|ACCESS-REFUSED/.test(message)) return { kind: 'auth-failed' };
  if (/Expected ConnectionOpenOk; got <ConnectionClose|NOT_ALLOWED - (vhost .* not found|access to vhost)/.test(message)) return { kind: 'vhost-refused', vhost: context.vhost, username: context.username };
  return { kind: 'other', message };
}

const homeNodeDown = /home node '([^']+)' of durable queue '.*' in vhost '.*' is down or inaccessible/;

/** A passive declare's refusal, keeping the broker's text: it is exactly what clients see. */
export function classifyQueueError(e: unknown): QueueOutcome {
  const message = messageOf(e);
  const home = homeNodeDown.exec(message);
  if (home?.[1] !== undefined) return { kind: 'home-node-down', node: home[1], message: brokerText(message) };
  if (codeOf(e) === 404) return { kind: 'not-found', message: brokerText(message) };
  return { kind: 'failed', message: brokerText(message) };
}

/** From `Operation failed: QueueDeclare; 404 (NOT-FOUND) with message "NOT_FOUND - …"`, the quoted broker text. */
function brokerText(message: string): string {
  const quoted = /with message "(.*)"\s*$/s.exec(message);
  return quoted?.[1] ?? message;
}
