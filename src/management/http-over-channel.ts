import http from 'node:http';
import type { Duplex } from 'node:stream';

export interface HttpRequest {
  readonly path: string;
  /** `Basic …` header value; never logged. */
  readonly authorization: string;
  /** Bodies beyond this are cut and the answer is marked truncated. */
  readonly maxBytes: number;
  readonly signal: AbortSignal;
}

export type HttpAnswer =
  | { readonly kind: 'answered'; readonly status: number; readonly body: string; readonly truncated: boolean }
  | { readonly kind: 'no-answer'; readonly reason: 'timeout' | 'closed'; readonly detail: string };

/** One GET over an already open stream (an SSH channel to the node's loopback); the stream is destroyed afterwards. */
export function httpGetOverChannel(channel: Duplex, request: HttpRequest): Promise<HttpAnswer> {
  return new Promise((resolve) => {
    let settled = false;
    const settle = (answer: HttpAnswer) => {
      if (settled) return;
      settled = true;
      request.signal.removeEventListener('abort', onAbort);
      channel.destroy();
      resolve(answer);
    };
    const onAbort = () => settle({ kind: 'no-answer', reason: 'timeout', detail: 'no complete HTTP answer before the deadline' });
    if (request.signal.aborted) return onAbort();
    request.signal.addEventListener('abort', onAbort, { once: true });
    const req = http.request(
      { method: 'GET', host: '127.0.0.1', path: request.path, headers: { authorization: request.authorization, accept: 'application/json', connection: 'close' }, createConnection: () => channel },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        let truncated = false;
        res.on('data', (chunk: Buffer) => {
          if (size + chunk.length > request.maxBytes) truncated = true;
          if (size < request.maxBytes) chunks.push(chunk.subarray(0, request.maxBytes - size));
          size += chunk.length;
        });
        res.on('end', () => settle({ kind: 'answered', status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), truncated }));
        res.on('error', (e) => settle({ kind: 'no-answer', reason: 'closed', detail: e.message }));
      },
    );
    req.on('error', (e) => settle({ kind: 'no-answer', reason: 'closed', detail: e.message }));
    req.end();
  });
}
