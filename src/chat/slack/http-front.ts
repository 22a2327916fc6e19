import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { HTTPModuleFunctions, isValidSlackRequest, type HTTPReceiver } from '@slack/bolt';
import type { Logger } from '../../observability/logger';
import type { ReplayGuard } from './replay-guard';

export const slackEventsPath = '/slack/events';

export interface HttpFrontOptions {
  readonly receiver: HTTPReceiver;
  readonly signingSecret: string;
  readonly replayGuard: ReplayGuard;
  readonly logger: Logger;
  readonly now: () => Date;
}

function reject(res: ServerResponse, status: number): void {
  res.writeHead(status);
  res.end();
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return typeof value === 'string' ? value : undefined;
}

/**
 * The HTTP server in front of Bolt's HTTPReceiver. It reads the body once (Bolt reuses the buffer),
 * refuses a validly signed request seen before, then hands everything to Bolt, which verifies the
 * signature and the 5-minute window itself and answers 401 when they fail.
 */
export function createHttpFront(options: HttpFrontOptions): Server {
  const { receiver, signingSecret, replayGuard, logger, now } = options;
  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (req.method === 'POST' && (req.url ?? '').split('?')[0] === slackEventsPath) {
      let body: string;
      try {
        body = (await HTTPModuleFunctions.bufferIncomingMessage(req, HTTPModuleFunctions.defaultBodyLimit)).rawBody.toString();
      } catch (e) {
        logger.warn({ err: e }, 'Slack request body could not be read');
        return reject(res, HTTPModuleFunctions.isRawBodyError(e) ? 413 : 400);
      }
      const signature = header(req, 'x-slack-signature');
      const timestamp = Number(header(req, 'x-slack-request-timestamp'));
      const signed =
        signature !== undefined &&
        Number.isFinite(timestamp) &&
        isValidSlackRequest({ signingSecret, body, headers: { 'x-slack-signature': signature, 'x-slack-request-timestamp': timestamp } });
      if (signed && !(await replayGuard.firstSighting(signature, timestamp, now()))) {
        logger.warn({ timestamp }, 'refused a replayed Slack request (same signature seen before)');
        return reject(res, 401);
      }
    }
    receiver.requestListener(req, res);
  };
  return createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      logger.error({ err: e }, 'Slack request handling failed before Bolt saw it');
      if (!res.headersSent) reject(res, 500);
    });
  });
}
