import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { App, HTTPReceiver, SocketModeReceiver, webApi } from '@slack/bolt';
import { z } from 'zod';
import type { CommandRegistry } from '../../commands/registry';
import type { Services } from '../../commands/types';
import type { Logger } from '../../observability/logger';
import { err, ok, type Result } from '../../result';
import { processHolderId } from '../../store/sql-store';
import { defaultOutboxOptions, Outbox } from '../../timeline/outbox';
import { AccessPolicy } from './access-policy';
import { boltLoggerFrom } from './bolt-logger';
import { buttonLifetimeMs as defaultButtonLifetimeMs } from './button-claim';
import { registerButtonPress } from './button-press';
import { ChannelPoster, defaultChannelPosterOptions, type ChannelPosterOptions } from './channel-poster';
import { registerCommandModal } from './command-modal';
import { registerPinToTimeline } from './pin-to-timeline';
import type { HandlerDeps } from './handler-deps';
import { createHttpFront } from './http-front';
import { ReplayGuard } from './replay-guard';
import { slackEventsPath } from './request-gate';
import { registerSlashCommand } from './slash-command';
import { registerTypedModal } from './typed-modal';
import type { SlackTokens } from './slack-tokens';
import { UsergroupMembers } from './usergroup-members';
import { createWebClient, defaultWebApiDeadlines, webClientOptions, type WebApiDeadlines } from './web-client';

export type UsableSlackTokens = Extract<SlackTokens, { kind: 'ok' }>;

export interface SlackBotOptions {
  readonly tokens: UsableSlackTokens;
  readonly registry: CommandRegistry;
  readonly services: Services;
  readonly logger: Logger;
  /** Where the HTTP receiver listens; ignored in Socket Mode. Port 0 picks a free port (tests). */
  readonly listen?: { readonly port: number; readonly host?: string };
  readonly webApi?: WebApiDeadlines;
  readonly posting?: ChannelPosterOptions;
  readonly usergroupCacheTtlMs?: number;
  readonly buttonLifetimeMs?: number;
  /** The timeline outbox's pacing; tests shorten the lease to watch a takeover. */
  readonly outbox?: Partial<typeof defaultOutboxOptions>;
}

export interface SlackBot {
  readonly app: App;
  /** Starts receiving. Resolves with the events URL in HTTP mode, null in Socket Mode. */
  start(): Promise<{ readonly eventsUrl: string | null }>;
  stop(): Promise<void>;
}

export type SlackStartupError =
  | { readonly kind: 'auth-failed'; readonly slackError: string }
  | { readonly kind: 'unreachable'; readonly detail: string };

const authTestAnswer = z.object({ ok: z.literal(true), user_id: z.string(), bot_id: z.string(), team: z.string().optional() });

async function identify(client: webApi.WebClient): Promise<Result<z.infer<typeof authTestAnswer>, SlackStartupError>> {
  try {
    return ok(authTestAnswer.parse(await client.auth.test()));
  } catch (e) {
    if (e instanceof webApi.WebAPIPlatformError) return err({ kind: 'auth-failed', slackError: e.data.error });
    return err({ kind: 'unreachable', detail: e instanceof Error ? e.message : String(e) });
  }
}

export function formatSlackStartupError(e: SlackStartupError): string {
  return e.kind === 'auth-failed'
    ? `Slack refused SLACK_BOT_TOKEN (auth.test: ${e.slackError}). Reinstall the app to the workspace and copy the current Bot User OAuth Token.`
    : `Could not reach Slack's Web API to check SLACK_BOT_TOKEN (${e.detail}). Check network access to slack.com, or SLACK_API_URL if set.`;
}

/**
 * Builds the Slack bot: checks the bot token with auth.test, then wires the listeners to the same
 * command handlers the console uses. Everything it talks to is injected, so tests and the lab e2e
 * drive the real Bolt app against a fake Web API.
 */
export async function createSlackBot(options: SlackBotOptions): Promise<Result<SlackBot, SlackStartupError>> {
  const { tokens, logger, services } = options;
  const deadlines = options.webApi ?? defaultWebApiDeadlines;
  const client = createWebClient(tokens.botToken, tokens.apiUrl, deadlines, logger);
  const identity = await identify(client);
  if (!identity.ok) return identity;

  const boltLogger = boltLoggerFrom(logger, 'bolt');
  const transport =
    tokens.transport.kind === 'socket-mode'
      ? {
          kind: 'socket-mode' as const,
          // The Socket Mode client takes its API URL from here, not from the App's clientOptions.
          receiver: new SocketModeReceiver({ appToken: tokens.transport.appToken, logger: boltLogger, installerOptions: { clientOptions: { slackApiUrl: tokens.apiUrl } } }),
        }
      : {
          kind: 'http' as const,
          signingSecret: tokens.transport.signingSecret,
          // processBeforeResponse would hold the HTTP answer until the listener ends, eating Slack's 3 s.
          receiver: new HTTPReceiver({ signingSecret: tokens.transport.signingSecret, logger: boltLogger, processBeforeResponse: false }),
        };
  const { receiver } = transport;
  const app = new App({
    token: tokens.botToken,
    botId: identity.value.bot_id,
    botUserId: identity.value.user_id,
    tokenVerificationEnabled: false,
    receiver,
    logger: boltLogger,
    clientOptions: webClientOptions(tokens.apiUrl, deadlines, logger),
  });
  app.error(async (e) => {
    logger.error({ err: e }, 'Slack listener error');
  });

  const poster = new ChannelPoster(client, logger, options.posting ?? defaultChannelPosterOptions, createWebClient(tokens.botToken, tokens.apiUrl, { ...deadlines, retries: 0 }, logger));
  const outbox = new Outbox(services.store, poster, logger, {
    ...defaultOutboxOptions,
    ...options.outbox,
    holder: processHolderId(),
    timeZone: services.config.chat.timeZone,
    now: services.now,
  });
  const deps: HandlerDeps = {
    client,
    poster,
    services,
    logger,
    registry: options.registry,
    access: new AccessPolicy(services.config.chat, new UsergroupMembers(client, logger, options.usergroupCacheTtlMs ?? 5 * 60_000, services.now)),
    buttonLifetimeMs: options.buttonLifetimeMs ?? defaultButtonLifetimeMs,
    responseUrlTimeoutMs: deadlines.timeoutMs,
  };
  registerSlashCommand(app, deps);
  registerButtonPress(app, deps);
  registerCommandModal(app, deps);
  registerTypedModal(app, deps);
  registerPinToTimeline(app, deps);

  let server: Server | null = null;
  const start = async (): Promise<{ eventsUrl: string | null }> => {
    outbox.start();
    if (transport.kind === 'socket-mode') {
      await app.start();
      return { eventsUrl: null };
    }
    const front = createHttpFront({
      receiver: transport.receiver,
      signingSecret: transport.signingSecret,
      replayGuard: new ReplayGuard(services.store),
      logger,
      now: services.now,
    });
    server = front;
    const listen = options.listen ?? { port: 3000 };
    await new Promise<void>((resolve, reject) => {
      front.once('error', reject);
      front.listen(listen.port, listen.host ?? '0.0.0.0', () => resolve());
    });
    const address = front.address() as AddressInfo;
    const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
    return { eventsUrl: `http://${host}:${address.port}${slackEventsPath}` };
  };
  const stop = async (): Promise<void> => {
    if (transport.kind === 'socket-mode') await app.stop();
    if (server) {
      const closing = server;
      server = null;
      await new Promise<void>((resolve) => {
        closing.close(() => resolve());
        closing.closeAllConnections();
      });
    }
    await outbox.stop();
    await poster.stop();
  };
  return ok({ app, start, stop });
}
