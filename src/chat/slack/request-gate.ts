import { createHash } from 'node:crypto';
import { parse as parseQuery } from 'node:querystring';
import { isValidSlackRequest } from '@slack/bolt';

export const slackEventsPath = '/slack/events';

/** Slack's own window for a signed request; Bolt checks the past side only, we check both. */
export const signedRequestWindowSeconds = 5 * 60;

/** Why a request never reaches Bolt. A closed set, so tests and logs name the same reasons. */
export type GateRefusal =
  | { readonly status: 404; readonly code: 'no-such-endpoint' }
  | { readonly status: 401; readonly code: 'unsigned' | 'bad-timestamp' | 'stale-timestamp' | 'future-timestamp' | 'bad-signature' }
  | { readonly status: 400; readonly code: 'malformed-body' | 'not-an-object' };

export type GateDecision =
  | { readonly kind: 'refuse'; readonly refusal: GateRefusal }
  /** Slack's unsigned connectivity probe: Bolt answers it and strips anything else from the body. */
  | { readonly kind: 'ssl-check' }
  /** Signed, fresh and well-formed; `replayKey` names what Slack signed, whatever the URL. */
  | { readonly kind: 'pass'; readonly replayKey: string; readonly timestampSeconds: number };

export interface GateRequest {
  readonly method: string | undefined;
  readonly url: string | undefined;
  readonly contentType: string | undefined;
  readonly signature: string | undefined;
  readonly timestamp: string | undefined;
}

const refuse = (refusal: GateRefusal): GateDecision => ({ kind: 'refuse', refusal });

/** The path as Bolt routes it (WHATWG URL normalises `/./` and `/x/../`), or null when it is not a URL at all. */
export function routedPath(url: string | undefined): string | null {
  try {
    return new URL(url ?? '', 'http://localhost').pathname;
  } catch {
    return null;
  }
}

/** Only POSTs to the events endpoint carry Slack's traffic; everything else is answered before the body is read. */
export function routeRefusal(method: string | undefined, url: string | undefined): GateRefusal | null {
  return method === 'POST' && routedPath(url) === slackEventsPath ? null : { status: 404, code: 'no-such-endpoint' };
}

const isPlainObject = (v: unknown): boolean => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Bolt's body parsing, done first so a body it would choke on (`payload=null`, `[]`) gets a 400 instead. */
function bodyShapeRefusal(contentType: string | undefined, body: string): GateRefusal | null {
  try {
    if (contentType === 'application/x-www-form-urlencoded') {
      const { payload } = parseQuery(body);
      if (payload === undefined) return null;
      if (typeof payload !== 'string') return { status: 400, code: 'malformed-body' };
      return isPlainObject(JSON.parse(payload)) ? null : { status: 400, code: 'not-an-object' };
    }
    return isPlainObject(JSON.parse(body)) ? null : { status: 400, code: 'not-an-object' };
  } catch {
    return { status: 400, code: 'malformed-body' };
  }
}

function timestampRefusal(raw: string | undefined, nowSeconds: number): GateRefusal | null {
  if (raw === undefined) return { status: 401, code: 'unsigned' };
  // Digits only: `Number()` would take `Infinity`, `1e9`, ` 12 ` and hex.
  if (!/^\d{1,12}$/.test(raw)) return { status: 401, code: 'bad-timestamp' };
  const age = nowSeconds - Number(raw);
  if (age > signedRequestWindowSeconds) return { status: 401, code: 'stale-timestamp' };
  if (-age > signedRequestWindowSeconds) return { status: 401, code: 'future-timestamp' };
  return null;
}

/**
 * Decides, before Bolt sees a request, whether it is Slack's: the route, the signature and its
 * time window, and a body Bolt can parse. Pure, so every hostile case is a unit of its own.
 */
export function gateSlackRequest(request: GateRequest, body: string, signingSecret: string, now: Date): GateDecision {
  const route = routeRefusal(request.method, request.url);
  if (route) return refuse(route);
  if (request.contentType === 'application/x-www-form-urlencoded' && parseQuery(body).ssl_check === '1') return { kind: 'ssl-check' };
  const time = timestampRefusal(request.timestamp, Math.floor(now.getTime() / 1000));
  if (time) return refuse(time);
  if (request.signature === undefined) return refuse({ status: 401, code: 'unsigned' });
  const timestampSeconds = Number(request.timestamp);
  const headers = { 'x-slack-signature': request.signature, 'x-slack-request-timestamp': timestampSeconds };
  if (!isValidSlackRequest({ signingSecret, body, headers, nowMilliseconds: now.getTime() })) return refuse({ status: 401, code: 'bad-signature' });
  const shape = bodyShapeRefusal(request.contentType, body);
  if (shape) return refuse(shape);
  const replayKey = createHash('sha256').update(`v0:${timestampSeconds}:${body}`).digest('hex');
  return { kind: 'pass', replayKey, timestampSeconds };
}
