import { createHmac } from 'node:crypto';
import { request } from 'node:http';

/**
 * Builds and signs requests the way Slack does (v0 signature over `v0:<timestamp>:<body>`), so the
 * tests go through Bolt's real verification.
 */
export const testSigningSecret = '8f742231b10e8888abcd99yyyzzz85a5';

export function slackSignature(secret: string, timestamp: number, body: string): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

export const nowSeconds = (): number => Math.floor(Date.now() / 1000);

export interface SlashCommandFields {
  readonly text: string;
  readonly user?: string;
  readonly channel?: string;
  readonly responseUrl: string;
  readonly triggerId?: string;
}

export function slashCommandBody(f: SlashCommandFields): string {
  return new URLSearchParams({
    token: 'deprecated-verification-token',
    team_id: 'T0LAB',
    team_domain: 'lab',
    channel_id: f.channel ?? 'C0INCIDENT',
    channel_name: 'incident',
    user_id: f.user ?? 'U0ALICE',
    user_name: 'alice',
    command: '/rmq',
    text: f.text,
    api_app_id: 'A0FAKE',
    is_enterprise_install: 'false',
    response_url: f.responseUrl,
    trigger_id: f.triggerId ?? '13345224609.738474920.8088930838d88f008e0',
  }).toString();
}

export interface ButtonPressFields {
  readonly actionId: string;
  readonly value: string;
  readonly messageTs: string;
  readonly responseUrl: string;
  readonly user?: string;
  readonly channel?: string;
  /** The message's blocks as Slack sends them back (the ones the bot posted). */
  readonly blocks?: readonly unknown[];
  /** A click in an ephemeral message: Slack sends no `message` then. */
  readonly ephemeral?: boolean;
  readonly triggerId?: string;
}

export function buttonPressPayloadJson(f: ButtonPressFields): Record<string, unknown> {
  const message = { type: 'message', user: 'U0BOT', ts: f.messageTs, text: 'status', ...(f.blocks ? { blocks: f.blocks } : {}) };
  return {
    type: 'block_actions',
    team: { id: 'T0LAB', domain: 'lab' },
    user: { id: f.user ?? 'U0ALICE', username: 'alice', team_id: 'T0LAB' },
    api_app_id: 'A0FAKE',
    token: 'deprecated-verification-token',
    container: { type: 'message', message_ts: f.messageTs, channel_id: f.channel ?? 'C0INCIDENT', is_ephemeral: f.ephemeral === true },
    trigger_id: f.triggerId ?? '13345224609.738474920.8088930838d88f008e0',
    channel: { id: f.channel ?? 'C0INCIDENT', name: 'incident' },
    ...(f.ephemeral ? {} : { message }),
    response_url: f.responseUrl,
    actions: [{ type: 'button', action_id: f.actionId, block_id: 'b1', text: { type: 'plain_text', text: 'Go' }, value: f.value, action_ts: `${nowSeconds()}.000001` }],
  };
}

export interface ModalSubmissionFields {
  readonly text: string;
  readonly channel?: string;
  readonly user?: string;
}

export function modalSubmissionPayloadJson(f: ModalSubmissionFields): Record<string, unknown> {
  return {
    type: 'view_submission',
    team: { id: 'T0LAB', domain: 'lab' },
    user: { id: f.user ?? 'U0ALICE', username: 'alice', team_id: 'T0LAB' },
    api_app_id: 'A0FAKE',
    token: 'deprecated-verification-token',
    trigger_id: '13345224609.738474920.8088930838d88f008e0',
    view: {
      id: 'V0FAKE',
      type: 'modal',
      callback_id: 'rmq.command',
      private_metadata: JSON.stringify({ channel: f.channel ?? 'C0INCIDENT' }),
      state: { values: { command: { command_text: { type: 'plain_text_input', value: f.text } } } },
    },
  };
}

export const interactionBody = (payload: Record<string, unknown>): string => new URLSearchParams({ payload: JSON.stringify(payload) }).toString();

export interface SignOptions {
  readonly secret?: string;
  readonly timestamp?: number;
  /** Overrides the computed signature (forgery tests). */
  readonly signature?: string;
}

export function signedHeaders(body: string, options: SignOptions = {}): Record<string, string> {
  const timestamp = options.timestamp ?? nowSeconds();
  return {
    // Exactly this: Bolt answers 400 to `…; charset=utf-8`.
    'content-type': 'application/x-www-form-urlencoded',
    'x-slack-request-timestamp': String(timestamp),
    'x-slack-signature': options.signature ?? slackSignature(options.secret ?? testSigningSecret, timestamp, body),
  };
}

/** POSTs a signed body (a string, so fetch keeps the exact content-type) and returns the status and text. */
export async function postSigned(url: string, body: string, options: SignOptions = {}): Promise<{ status: number; text: string }> {
  const response = await fetch(url, { method: 'POST', headers: signedHeaders(body, options), body });
  return { status: response.status, text: await response.text() };
}

export interface RawRequest {
  readonly method: string;
  /** Sent exactly as written: fetch would normalise `/x/../` and `/./` away. */
  readonly path: string;
  readonly headers?: Record<string, string>;
  readonly body?: string;
}

/** An HTTP request with the path untouched, for the spellings of a route that fetch cannot send. */
export function sendRaw(baseUrl: string, raw: RawRequest): Promise<{ status: number; text: string }> {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const req = request({ host: hostname, port, method: raw.method, path: raw.path, headers: raw.headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString() }));
    });
    req.on('error', reject);
    req.end(raw.body);
  });
}
