import { webApi } from '@slack/bolt';
import type { Logger } from '../../observability/logger';
import { boltLoggerFrom } from './bolt-logger';

/**
 * Deadlines for every call to Slack. The client's defaults are no timeout and ~30 minutes of
 * retries, which would let one stuck call wedge a channel for the whole incident.
 */
export interface WebApiDeadlines {
  readonly timeoutMs: number;
  readonly retries: number;
}

export const defaultWebApiDeadlines: WebApiDeadlines = { timeoutMs: 10_000, retries: 2 };

export function webClientOptions(apiUrl: string, deadlines: WebApiDeadlines, logger: Logger): webApi.WebClientOptions {
  return {
    slackApiUrl: apiUrl,
    timeout: deadlines.timeoutMs,
    retryConfig: { retries: deadlines.retries, factor: 2, minTimeout: 200, maxTimeout: 2_000, randomize: true },
    // 429s come back to the per-channel limiter, which waits Retry-After for that channel only
    // instead of the client pausing every call to every channel.
    rejectRateLimitedCalls: true,
    logger: boltLoggerFrom(logger, 'slack-web-api'),
  };
}

export function createWebClient(botToken: string, apiUrl: string, deadlines: WebApiDeadlines, logger: Logger): webApi.WebClient {
  return new webApi.WebClient(botToken, webClientOptions(apiUrl, deadlines, logger));
}
