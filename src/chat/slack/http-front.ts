import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { HTTPModuleFunctions, type HTTPReceiver } from '@slack/bolt';
import { excerpt } from '../../observability/excerpt';
import type { Logger } from '../../observability/logger';
import type { ReplayGuard } from './replay-guard';
import { gateSlackRequest, routeRefusal, type GateRefusal } from './request-gate';

export interface HttpFrontOptions {
  readonly receiver: HTTPReceiver;
  readonly signingSecret: string;
  readonly replayGuard: ReplayGuard;
  readonly logger: Logger;
  readonly now: () => Date;
}

function answer(res: ServerResponse, status: number): void {
  res.writeHead(status);
  res.end();
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return typeof value === 'string' ? value : undefined;
}

/** One line per refusal, with the method and a short path: never the headers, never the body. */
function logRefusal(logger: Logger, req: IncomingMessage, refusal: GateRefusal): void {
  const where = { method: excerpt(req.method ?? '', 16), path: excerpt(req.url ?? ''), status: refusal.status, reason: refusal.code };
  if (refusal.status === 404) logger.info(where, 'no such endpoint');
  else logger.warn({ ...where, headers: req.headers }, 'refused a request that is not from Slack as sent');
}

/**
 * The HTTP server in front of Bolt's HTTPReceiver. It answers anything but a POST to the events
 * path itself, reads the body once (Bolt reuses the buffer), and lets through only requests that
 * are signed, fresh, parseable and not seen before; Bolt verifies the signature again and routes.
 */
export function createHttpFront(options: HttpFrontOptions): Server {
  const { receiver, signingSecret, replayGuard, logger, now } = options;
  const refuse = (req: IncomingMessage, res: ServerResponse, refusal: GateRefusal): void => {
    logRefusal(logger, req, refusal);
    answer(res, refusal.status);
  };
  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const route = routeRefusal(req.method, req.url);
    if (route) {
      req.resume();
      return refuse(req, res, route);
    }
    let body: string;
    try {
      body = (await HTTPModuleFunctions.bufferIncomingMessage(req, HTTPModuleFunctions.defaultBodyLimit)).rawBody.toString();
    } catch (e) {
      logger.warn({ err: e, path: excerpt(req.url ?? '') }, 'Slack request body could not be read');
      return answer(res, HTTPModuleFunctions.isRawBodyError(e) ? 413 : 400);
    }
    const request = {
      method: req.method,
      url: req.url,
      contentType: header(req, 'content-type'),
      signature: header(req, 'x-slack-signature'),
      timestamp: header(req, 'x-slack-request-timestamp'),
    };
    const decision = gateSlackRequest(request, body, signingSecret, now());
    if (decision.kind === 'refuse') return refuse(req, res, decision.refusal);
    if (decision.kind === 'pass' && !(await replayGuard.firstSighting(decision.replayKey, decision.timestampSeconds, now()))) {
      logger.warn({ timestamp: decision.timestampSeconds, path: excerpt(req.url ?? '') }, 'refused a replayed Slack request (same signed body seen before)');
      return answer(res, 401);
    }
    receiver.requestListener(req, res);
  };
  return createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      logger.error({ err: e, method: excerpt(req.method ?? '', 16), path: excerpt(req.url ?? '') }, 'Slack request handling failed before Bolt saw it');
      if (!res.headersSent) answer(res, 500);
    });
  });
}
