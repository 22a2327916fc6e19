import path from 'node:path';
import { processIo, type CliIo } from './cli-io';

/*
 * Each subcommand's modules load only when it runs: `analyze` on a 200 MB log should not carry the
 * Slack app, Express and ssh2 in its memory and start-up time. `require`, not `import()`: the
 * sources are CommonJS compiled on load, and a dynamic import would go through the ESM resolver.
 */
const analyzeModule = (): typeof import('../analyze/run-analyze') => require('../analyze/run-analyze');
const consoleModule = (): typeof import('./console-command') => require('./console-command');
const labModule = (): typeof import('../lab/run-lab') => require('../lab/run-lab');
const storeModule = (): typeof import('./store-command') => require('./store-command');
const drillModule = (): typeof import('../drills/run-drill-command') => require('../drills/run-drill-command');
const postmortemModule = (): typeof import('./postmortem-command') => require('./postmortem-command');

async function serve(argv: readonly string[], io: CliIo): Promise<number> {
  const { runServe }: typeof import('../chat/slack/serve') = require('../chat/slack/serve');
  const { createServices }: typeof import('../app/create-services') = require('../app/create-services');
  return runServe(argv, io, process.env, { createServices });
}

const usage = `usage: rmq-bot COMMAND …
  console [--config FILE] [--as USER]   the bot in this terminal (one command per line when piped)
  serve --config FILE [--port N]        the Slack app (tokens from SLACK_BOT_TOKEN, SLACK_APP_TOKEN / SLACK_SIGNING_SECRET)
  start [--config FILE]                 serve when Slack tokens are set, else console
  demo [--plain]                        start the local lab and replay the 2016 incident with a guide (--plain: just the console)
  config check --config FILE            validate a config and summarize it
  analyze [--json] FILE… | -            offline analysis of logs and pasted status output
  store purge --config FILE             delete spent button claims and replay-guard keys now
  postmortem --incident ID [--out FILE] the Markdown postmortem draft of an incident
  lab up|status|crash|hang|resume|start|partition|heal|down|config …   a real local RabbitMQ cluster
  drill list | NAME|all [--lab DIR] | NAME --config FILE --target CLUSTER --node NODE
                                        rehearse an outage and check what the bot says
`;

async function configCheck(argv: readonly string[], io: CliIo): Promise<number> {
  const { describeConfig }: typeof import('../config/describe-config') = require('../config/describe-config');
  const { formatConfigError, loadConfigFile }: typeof import('../config/load-config') = require('../config/load-config');
  const at = argv.indexOf('--config');
  const file = argv[0] === 'check' && at > 0 ? argv[at + 1] : undefined;
  if (file === undefined || argv.length !== 3) {
    io.stderr.write('usage: rmq-bot config check --config FILE\n');
    return 64;
  }
  const loaded = loadConfigFile(file);
  if (!loaded.ok) {
    io.stderr.write(`${formatConfigError(loaded.error)}\n`);
    return 78;
  }
  io.stdout.write(`${describeConfig(loaded.value.config, loaded.value.file)}\n`);
  return 0;
}

async function start(argv: readonly string[], io: CliIo): Promise<number> {
  const { slackTokensFromEnv }: typeof import('../chat/slack/slack-tokens') = require('../chat/slack/slack-tokens');
  const { chooseConfigFile, runConsoleCommand } = consoleModule();
  const tokens = slackTokensFromEnv(process.env);
  if (tokens.kind === 'none') {
    io.stderr.write('No Slack tokens set, so this is the console. To connect Slack: create the app from manifest.yml, then set SLACK_BOT_TOKEN and SLACK_APP_TOKEN (Socket Mode) or SLACK_SIGNING_SECRET (HTTP) and run `npm start` again.\n');
    return runConsoleCommand(argv, io);
  }
  const at = argv.indexOf('--config');
  const file = chooseConfigFile(at >= 0 ? argv[at + 1] : undefined, process.env);
  if (file === null) {
    io.stderr.write('rmq-bot start: no config. Pass --config FILE or set RMQ_BOT_CONFIG.\n');
    return 78;
  }
  return serve(['--config', file], io);
}

async function demo(argv: readonly string[], io: CliIo): Promise<number> {
  const { runLab } = labModule();
  const { labConfigPath, runConsoleCommand } = consoleModule();
  if (argv.some((a) => a !== '--plain')) {
    io.stderr.write('usage: rmq-bot demo [--plain]   (--plain: the console without the guided 2016 replay)\n');
    return 64;
  }
  const up = await runLab(['up', '--standby'], io);
  if (up !== 0) return up;
  let code: number;
  if (argv.includes('--plain')) {
    io.stderr.write('\nThe lab is up. Try /rmq status, /rmq cluster, /rmq help; in another terminal `npx rmq-bot lab crash rabbit3` and ask again.\n');
    code = await runConsoleCommand(['--config', labConfigPath()], io);
  } else {
    io.stderr.write('\nThe lab is up. Next: the 2016 incident, replayed with a guide (npm run demo -- --plain gives the plain console).\n');
    const { Lab }: typeof import('../lab/lab') = require('../lab/lab');
    const { runGuidedReplay }: typeof import('../drills/guided-replay') = require('../drills/guided-replay');
    code = await runGuidedReplay(Lab.open(path.dirname(labConfigPath())), io);
  }
  io.stderr.write('The lab is still running: `npx rmq-bot lab down` stops it.\n');
  return code;
}

/** The command-line entry behind `npx rmq-bot`; returns the exit code. */
export async function main(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'console':
      return consoleModule().runConsoleCommand(rest, io);
    case 'serve':
      return serve(rest, io);
    case 'start':
      return start(rest, io);
    case 'demo':
      return demo(rest, io);
    case 'config':
      return configCheck(rest, io);
    case 'analyze':
      return analyzeModule().runAnalyze(rest, io);
    case 'lab':
      return labModule().runLab(rest, io);
    case 'store':
      return storeModule().runStoreCommand(rest, io);
    case 'drill':
      return drillModule().runDrillCommand(rest, io);
    case 'postmortem':
      return postmortemModule().runPostmortemCommand(rest, io);
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      io.stdout.write(usage);
      return command === undefined ? 64 : 0;
    default:
      io.stderr.write(`rmq-bot: unknown command "${command}"\n${usage}`);
      return 64;
  }
}
