import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

/**
 * A stand-in for Slack's servers on 127.0.0.1: the Web API (/api/<method>), response_url posts
 * (/response/<id>), file upload URLs (/upload/<id>) and the Socket Mode WebSocket (/socket). It
 * records every call in order and answers in the shapes Slack documents. Tests assert on the calls.
 */
export interface RecordedCall {
  /** A Web API method, `response_url` or `upload`. */
  readonly method: string;
  readonly path: string;
  /** Form or JSON body; values that are JSON (blocks, view, files) are parsed. */
  readonly body: Record<string, unknown>;
  readonly headers: IncomingHttpHeaders;
  /** Milliseconds since the fake started. */
  readonly at: number;
  /** What the fake answered (Web API calls only), e.g. the `ts` of a posted message. */
  answer?: Record<string, unknown>;
}

export type FakeBehaviour =
  | { readonly kind: 'rate-limited'; readonly retryAfterS: number }
  | { readonly kind: 'hang' }
  /** Slack takes the call (a posted message is in the channel's history) but the answer never comes: a caller that dies now never learns its ts. */
  | { readonly kind: 'accept-and-hang' }
  | { readonly kind: 'error'; readonly error: string };

type Answer = Record<string, unknown>;

/** A message as conversations.history and conversations.replies return it. */
export interface FakeMessage {
  readonly type: 'message';
  readonly ts: string;
  readonly text: string;
  readonly user?: string;
  readonly bot_id?: string;
  readonly thread_ts?: string;
  readonly blocks?: unknown;
  /** Returned only when the caller asks with include_all_metadata. */
  readonly metadata?: unknown;
}

function parseBody(raw: string, contentType: string | undefined): Record<string, unknown> {
  if (raw === '') return {};
  if (contentType?.startsWith('application/json')) return JSON.parse(raw) as Record<string, unknown>;
  if (!contentType?.startsWith('application/x-www-form-urlencoded')) return { raw };
  const out: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(raw)) {
    out[key] = /^[[{]/.test(value) ? JSON.parse(value) : value;
  }
  return out;
}

export class FakeSlack {
  readonly calls: RecordedCall[] = [];
  /** Members answered by usergroups.users.list, per group id. */
  readonly usergroups = new Map<string, string[]>();
  /** Every channel's messages, oldest first: what the bot posted and what a test said there as a person. */
  readonly messages = new Map<string, FakeMessage[]>();
  /** Frames the bot sent over the Socket Mode WebSocket (acks), parsed. */
  readonly socketFrames: Record<string, unknown>[] = [];
  private readonly behaviours = new Map<string, FakeBehaviour[]>();
  private readonly hanging = new Set<ServerResponse>();
  private readonly sockets = new Set<WebSocket>();
  private readonly waiters: { match: (c: RecordedCall) => boolean; resolve: (c: RecordedCall) => void }[] = [];
  private socketWaiters: ((ws: WebSocket) => void)[] = [];
  // Message timestamps start now, as Slack's do: button expiry is computed from them.
  private nextTs = Math.floor(Date.now() / 1000) * 1_000_000 + 100;
  private readonly started = Date.now();
  private outageStatus: number | null = null;

  private constructor(
    private readonly server: Server,
    private readonly wss: WebSocketServer,
    readonly baseUrl: string,
  ) {}

  static async start(): Promise<FakeSlack> {
    const server = createServer();
    const wss = new WebSocketServer({ noServer: true });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const fake = new FakeSlack(server, wss, `http://127.0.0.1:${port}`);
    server.on('request', (req, res) => fake.handle(req, res));
    server.on('upgrade', (req, socket, head) => {
      wss.handleUpgrade(req, socket, head, (ws) => fake.acceptSocket(ws));
    });
    return fake;
  }

  /** The Web API base URL, with the trailing slash the client needs. */
  get apiUrl(): string {
    return `${this.baseUrl}/api/`;
  }

  responseUrl(id = 'r1'): string {
    return `${this.baseUrl}/response/${id}`;
  }

  /** The next call to `method` behaves like this instead of answering normally (queued, in order). */
  next(method: string, behaviour: FakeBehaviour): void {
    this.behaviours.set(method, [...(this.behaviours.get(method) ?? []), behaviour]);
  }

  /** Every Web API call answers this HTTP status (e.g. 500) until `outage(null)`; calls are still recorded. */
  outage(status: number | null): void {
    this.outageStatus = status;
  }

  /** A person's message in a channel (or a thread), as if typed in Slack; returns it with its new ts. */
  say(channel: string, user: string, text: string, threadTs?: string): FakeMessage {
    return this.keep(channel, { type: 'message', ts: this.ts(), text, user, ...(threadTs ? { thread_ts: threadTs } : {}) });
  }

  /** The messages of a channel with their replies, oldest first. */
  history(channel: string): readonly FakeMessage[] {
    return this.messages.get(channel) ?? [];
  }

  callsTo(method: string): RecordedCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  /** Resolves with the first call (already made or coming) that matches. */
  waitFor(match: (c: RecordedCall) => boolean, timeoutMs = 5_000): Promise<RecordedCall> {
    const seen = this.calls.find(match);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`fake Slack: no matching call within ${timeoutMs} ms; calls: ${this.calls.map((c) => c.method).join(', ')}`)), timeoutMs);
      this.waiters.push({ match, resolve: (c) => (clearTimeout(timer), resolve(c)) });
    });
  }

  /** Waits until `count` calls to `method` were made. */
  async waitForCount(method: string, count: number, timeoutMs = 5_000): Promise<RecordedCall[]> {
    const deadline = Date.now() + timeoutMs;
    while (this.callsTo(method).length < count) {
      if (Date.now() > deadline) throw new Error(`fake Slack: ${this.callsTo(method).length}/${count} calls to ${method} within ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 10));
    }
    return this.callsTo(method);
  }

  /** The Socket Mode connection, once the bot has opened it. */
  socket(timeoutMs = 5_000): Promise<WebSocket> {
    const [open] = this.sockets;
    if (open) return Promise.resolve(open);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('fake Slack: no Socket Mode connection')), timeoutMs);
      this.socketWaiters.push((ws) => (clearTimeout(timer), resolve(ws)));
    });
  }

  async close(): Promise<void> {
    for (const res of this.hanging) res.destroy();
    // The bot closes its side first on stop; give the close handshake a moment, or the Socket Mode
    // client keeps a 30 s cleanup timer alive and jest cannot exit.
    await Promise.all(
      [...this.sockets].map(
        (ws) =>
          new Promise<void>((resolve) => {
            const timer = setTimeout(() => (ws.terminate(), resolve()), 1_000);
            ws.once('close', () => (clearTimeout(timer), resolve()));
          }),
      ),
    );
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  private acceptSocket(ws: WebSocket): void {
    this.sockets.add(ws);
    ws.on('message', (data) => this.socketFrames.push(JSON.parse(String(data)) as Record<string, unknown>));
    ws.on('close', () => this.sockets.delete(ws));
    ws.send(JSON.stringify({ type: 'hello', num_connections: 1, connection_info: { app_id: 'A0FAKE' } }));
    const waiters = this.socketWaiters;
    this.socketWaiters = [];
    for (const w of waiters) w(ws);
  }

  private record(call: RecordedCall): void {
    this.calls.push(call);
    for (const waiter of [...this.waiters]) {
      if (waiter.match(call)) {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        waiter.resolve(call);
      }
    }
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const bytes = Buffer.concat(chunks);
      const raw = bytes.toString('utf8');
      const path = (req.url ?? '/').split('?')[0] ?? '/';
      const [, area, name = ''] = path.split('/');
      const method = area === 'api' ? name : area === 'response' ? 'response_url' : area === 'upload' ? 'upload' : `unknown:${path}`;
      const body = area === 'upload' ? { raw, bytes, id: name } : parseBody(raw, req.headers['content-type']);
      const call: RecordedCall = { method, path, body, headers: req.headers, at: Date.now() - this.started };
      this.record(call);
      if (this.outageStatus !== null && area === 'api') {
        call.answer = { ok: false, httpStatus: this.outageStatus };
        res.writeHead(this.outageStatus, { 'content-type': 'text/plain' });
        res.end('fake Slack outage');
        return;
      }
      const behaviour = this.behaviours.get(method)?.shift();
      if (behaviour?.kind === 'accept-and-hang') call.answer = this.answer(name, body);
      if (behaviour?.kind === 'hang' || behaviour?.kind === 'accept-and-hang') {
        this.hanging.add(res);
        res.on('close', () => this.hanging.delete(res));
        return;
      }
      if (behaviour?.kind === 'rate-limited') {
        res.writeHead(429, { 'retry-after': String(behaviour.retryAfterS), 'content-type': 'application/json' });
        res.end(JSON.stringify({ ok: false, error: 'ratelimited' }));
        return;
      }
      if (area === 'response' || area === 'upload') {
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.end(area === 'upload' ? `OK - ${raw.length}` : 'ok');
        return;
      }
      const answer: Answer = behaviour?.kind === 'error' ? { ok: false, error: behaviour.error } : this.answer(name, body);
      call.answer = answer;
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
      res.end(JSON.stringify(answer));
    });
  }

  private ts(): string {
    const n = this.nextTs++;
    return `${Math.floor(n / 1_000_000)}.${String(n % 1_000_000).padStart(6, '0')}`;
  }

  private keep(channel: string, message: FakeMessage): FakeMessage {
    this.messages.set(channel, [...this.history(channel), message]);
    return message;
  }

  /** conversations.history and conversations.replies: newest first, bounded by latest/oldest (inclusive only when asked). */
  private page(messages: readonly FakeMessage[], body: Record<string, unknown>, newestFirst: boolean): Answer {
    const inclusive = body.inclusive === 'true' || body.inclusive === true;
    const latest = body.latest === undefined ? Infinity : Number(body.latest);
    const oldest = body.oldest === undefined ? -Infinity : Number(body.oldest);
    const within = messages.filter((m) => {
      const ts = Number(m.ts);
      return (inclusive ? ts <= latest : ts < latest) && (inclusive ? ts >= oldest : ts > oldest);
    });
    const ordered = newestFirst ? [...within].reverse() : within;
    const limit = body.limit === undefined ? 100 : Number(body.limit);
    const withMetadata = body.include_all_metadata === 'true' || body.include_all_metadata === true;
    const shown = ordered.slice(0, limit).map(({ metadata, ...m }) => (withMetadata && metadata !== undefined ? { ...m, metadata } : m));
    return { ok: true, messages: shown, has_more: ordered.length > limit, response_metadata: { next_cursor: '' } };
  }

  /** Answers in the shapes of Slack's method documentation (only the fields a client reads). */
  private answer(method: string, body: Record<string, unknown>): Answer {
    const channel = body.channel;
    switch (method) {
      case 'auth.test':
        return { ok: true, url: 'https://lab.slack.com/', team: 'Lab', user: 'rmq-bot', team_id: 'T0LAB', user_id: 'U0BOT', bot_id: 'B0BOT' };
      case 'chat.postMessage': {
        const message = this.keep(String(channel), {
          type: 'message',
          ts: this.ts(),
          user: 'U0BOT',
          bot_id: 'B0BOT',
          text: String(body.text ?? ''),
          blocks: body.blocks,
          ...(body.thread_ts ? { thread_ts: String(body.thread_ts) } : {}),
          ...(body.metadata ? { metadata: body.metadata } : {}),
        });
        const { metadata: _kept, ...shown } = message;
        return { ok: true, channel, ts: message.ts, message: shown };
      }
      case 'conversations.history':
        // Top-level messages only: replies live in their thread (conversations.replies).
        return this.page(
          this.history(String(channel)).filter((m) => m.thread_ts === undefined || m.thread_ts === m.ts),
          body,
          true,
        );
      case 'conversations.replies': {
        const ts = String(body.ts);
        const all = this.history(String(channel));
        const asked = all.find((m) => m.ts === ts);
        if (!asked) return { ok: false, error: 'thread_not_found' };
        // A reply's ts names only that reply; a parent's names the whole thread.
        const thread = asked.thread_ts !== undefined && asked.thread_ts !== ts ? [asked] : all.filter((m) => m.ts === ts || m.thread_ts === ts);
        return this.page(thread, body, false);
      }
      case 'chat.update':
        return { ok: true, channel, ts: body.ts, text: body.text, message: { type: 'message', user: 'U0BOT', text: body.text, blocks: body.blocks } };
      case 'chat.postEphemeral':
        return { ok: true, message_ts: this.ts() };
      case 'usergroups.users.list':
        return { ok: true, users: this.usergroups.get(String(body.usergroup)) ?? [] };
      case 'files.getUploadURLExternal': {
        const id = `F${this.calls.length.toString().padStart(8, '0')}`;
        return { ok: true, upload_url: `${this.baseUrl}/upload/${id}`, file_id: id };
      }
      case 'files.completeUploadExternal':
        return { ok: true, files: (body.files as { id: string; title?: string }[]).map((f) => ({ id: f.id, title: f.title ?? '' })) };
      case 'views.open':
        return { ok: true, view: { id: 'V0FAKE', type: 'modal', ...(body.view as object) } };
      case 'apps.connections.open':
        return { ok: true, url: `${this.baseUrl.replace('http', 'ws')}/socket` };
      default:
        return { ok: false, error: 'unknown_method' };
    }
  }
}
