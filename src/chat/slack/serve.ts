import { unusableStoreReason } from '../../app/require-store';
import { buildRegistry } from '../../app/build-registry';
import type { Services } from '../../commands/types';
import { formatConfigError, loadConfigFile, type LoadedConfig } from '../../config/load-config';
import { createLogger, type Logger } from '../../observability/logger';
import { installProcessGuard } from '../../observability/process-guard';
import { err, ok, type Result } from '../../result';
import { processHolderId } from '../../store/sql-store';
import { createSampler } from '../../charts/take-samples';
import { createWatchService } from '../../watch/watch-service';
import { createSlackBot, formatSlackStartupError, type UsableSlackTokens } from './create-slack-bot';
import { formatSlackTokenProblems, slackTokensFromEnv } from './slack-tokens';

export interface ServeIo {
  readonly stdout: { write(text: string): unknown };
  readonly stderr: { write(text: string): unknown };
}

export interface ServeDependencies {
  readonly createServices: (loaded: LoadedConfig, logger: Logger) => Services & { close(): Promise<void> };
  /** Resolves when the bot should shut down; SIGINT or SIGTERM by default. */
  readonly untilStopped?: Promise<void>;
}

export interface ServeArgs {
  readonly config: string;
  readonly port: number;
  readonly host: string;
}

const usage = 'usage: rmq-bot serve --config FILE [--port N] [--host ADDRESS]   (Slack tokens come from SLACK_BOT_TOKEN and SLACK_APP_TOKEN or SLACK_SIGNING_SECRET)';

/** Exit codes from sysexits.h, so a supervisor can tell a usage error from a config error. */
const exit = { ok: 0, usage: 64, unavailable: 69, config: 78 } as const;

export function parseServeArgs(argv: readonly string[]): Result<ServeArgs, string> {
  let config: string | undefined;
  let port = 3000;
  let host = '0.0.0.0';
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = argv[i + 1];
    if (flag !== '--config' && flag !== '--port' && flag !== '--host') return err(`unknown argument "${flag}"`);
    if (value === undefined || value.startsWith('--')) return err(`${flag} needs a value`);
    i++;
    if (flag === '--config') config = value;
    else if (flag === '--host') host = value;
    else {
      port = Number(value);
      if (!Number.isInteger(port) || port < 0 || port > 65535) return err(`--port must be a port number, got "${value}"`);
    }
  }
  if (config === undefined) return err('--config FILE is required');
  return ok({ config, port, host });
}

function signalled(): Promise<void> {
  return new Promise((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
}

/** `rmq-bot serve`: the Slack bot, in Socket Mode when SLACK_APP_TOKEN is set, else on HTTP. Resolves with the exit code. */
export async function runServe(argv: readonly string[], io: ServeIo, env: Readonly<Record<string, string | undefined>>, deps: ServeDependencies): Promise<number> {
  const args = parseServeArgs(argv);
  if (!args.ok) {
    io.stderr.write(`rmq-bot serve: ${args.error}\n${usage}\n`);
    return exit.usage;
  }
  const tokens = slackTokensFromEnv(env);
  if (tokens.kind === 'none') {
    io.stderr.write('rmq-bot serve: no Slack tokens. Set SLACK_BOT_TOKEN and SLACK_APP_TOKEN (Socket Mode) or SLACK_SIGNING_SECRET (HTTP), or use `npm start` for the console.\n');
    return exit.config;
  }
  if (tokens.kind === 'invalid') {
    io.stderr.write(`rmq-bot serve: ${formatSlackTokenProblems(tokens.problems)}\n`);
    return exit.config;
  }
  const loaded = loadConfigFile(args.value.config);
  if (!loaded.ok) {
    io.stderr.write(`rmq-bot serve: ${formatConfigError(loaded.error)}\n`);
    return exit.config;
  }
  const logger = createLogger(env.LOG_LEVEL ?? 'info');
  const uninstallGuard = installProcessGuard(logger, { component: 'serve' });
  try {
    return await serveUntilStopped(args.value, tokens, loaded.value, logger, io, deps);
  } finally {
    uninstallGuard();
  }
}

async function serveUntilStopped(
  args: ServeArgs,
  tokens: UsableSlackTokens,
  loaded: LoadedConfig,
  logger: Logger,
  io: ServeIo,
  deps: ServeDependencies,
): Promise<number> {
  const services = deps.createServices(loaded, logger);
  const storeProblem = await unusableStoreReason(services.store, loaded);
  if (storeProblem !== null) {
    io.stderr.write(`rmq-bot serve: ${storeProblem}\n`);
    await services.close();
    return exit.unavailable;
  }
  const created = await createSlackBot({ tokens, registry: buildRegistry(), services, logger, listen: { port: args.port, host: args.host } });
  if (!created.ok) {
    io.stderr.write(`rmq-bot serve: ${formatSlackStartupError(created.error)}\n`);
    await services.close();
    return created.error.kind === 'auth-failed' ? exit.config : exit.unavailable;
  }
  const bot = created.value;
  try {
    const { eventsUrl } = await bot.start();
    io.stdout.write(eventsUrl ? `rmq-bot: Slack events on ${eventsUrl}\n` : 'rmq-bot: connected to Slack over Socket Mode\n');
  } catch (e) {
    io.stderr.write(`rmq-bot serve: could not start receiving from Slack: ${e instanceof Error ? e.message : String(e)}\n`);
    await bot.stop();
    await services.close();
    return exit.unavailable;
  }
  const watch = loaded.config.watch
    ? createWatchService({ ...services, watch: loaded.config.watch, holder: processHolderId(), logger, sampleCluster: createSampler(services) })
    : null;
  watch?.start();
  await (deps.untilStopped ?? signalled());
  io.stdout.write('rmq-bot: stopping\n');
  await watch?.stop();
  await bot.stop();
  await services.close();
  return exit.ok;
}
