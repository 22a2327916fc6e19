import { z } from 'zod';
import type { ActionDefinition, CommandContext, CommandDefinition } from '../src/commands/types';
import { LOGS_SHOW_ACTION, readLogsButtonValue } from '../src/node-logs/logs-button';
import { analyzeExcerpt, buildLogsReply } from '../src/node-logs/logs-reply';
import { readNodeLog, type LogRequest } from '../src/node-logs/read-node-log';
import { resolveChatNode, type ChatNode } from '../src/commands/resolve-chat-node';
import { UserFacingError } from '../src/errors/user-facing-error';
import { parseLogSearchText } from '../src/rabbit/rabbitmqctl-command';
import type { Reply } from '../src/reply/model';

export const DEFAULT_LOG_LINES = 50;
export const MAX_LOG_LINES = 500;
/** grep -m on the node: enough matches to pick the last ones from, bounded for a huge log. */
const GREP_MAX_MATCHES = 5_000;
/** Log lines are rarely longer than this; a tail of lines × this many bytes holds them with room to spare. */
const BYTES_PER_LINE = 512;
const MIN_TAIL_BYTES = 32 * 1024;

const logsArgs = z.object({
  positional: z.array(z.string()).length(1, { error: 'logs takes exactly one node: /rmq logs rabbit2' }),
  flags: z.strictObject(
    {
      lines: z
        .string({ error: '--lines needs a number' })
        .regex(/^\d+$/, { error: '--lines needs a whole number' })
        .transform(Number)
        .pipe(z.number().int().min(1, { error: '--lines must be at least 1' }).max(MAX_LOG_LINES, { error: `--lines is at most ${MAX_LOG_LINES}` }))
        .optional(),
      grep: z.string({ error: '--grep needs the text to look for' }).optional(),
      cluster: z.string({ error: '--cluster needs a cluster name' }).optional(),
    },
    { error: 'logs knows only --lines N, --grep TEXT and --cluster NAME' },
  ),
});

type LogsArgs = z.infer<typeof logsArgs>;

function logRequest(lines: number, grep: string | undefined, maxOutputBytes: number): LogRequest {
  if (grep === undefined) return { kind: 'tail', bytes: Math.min(maxOutputBytes, Math.max(MIN_TAIL_BYTES, lines * BYTES_PER_LINE)) };
  const text = parseLogSearchText(grep);
  if (!text.ok) throw new UserFacingError('bad-search-text', `--grep: ${text.error.kind === 'invalid-argument' ? text.error.message : 'not usable'}.`);
  return { kind: 'grep', text: text.value, maxLines: GREP_MAX_MATCHES };
}

/** Reads one node's log and answers with the cleaned excerpt; shared by the command and the diagnose button. */
export async function showNodeLog(target: ChatNode, lines: number, grep: string | undefined, ctx: CommandContext): Promise<Reply> {
  const { config } = ctx.services;
  const request = logRequest(lines, grep, config.limits.maxOutputBytes);
  const reader = ctx.services.readerFor(target.cluster.name, target.node.name);
  ctx.progress({ summary: `Reading the log of ${target.node.name}…`, mark: 'pending', blocks: [{ kind: 'text', text: `Reading the log of ${target.node.name} over SSH…`, mark: 'pending' }] });
  const read = await readNodeLog(reader, target.node, request, config);
  const analyzed = read.kind === 'read' ? await analyzeExcerpt(read, lines) : null;
  return buildLogsReply({ cluster: target.cluster.name, node: target.node.name, logFile: target.node.logFile ?? null, lines }, read, analyzed);
}

export const logsCommand: CommandDefinition<LogsArgs> = {
  name: 'logs',
  summary: "One node's recent log, cleaned, signature hits marked",
  usage: '/rmq logs NODE [--lines N] [--grep TEXT] [--cluster NAME]',
  permission: 'viewer',
  args: logsArgs,
  run: ({ positional, flags }, ctx) => {
    const target = resolveChatNode(ctx.services.config, positional[0] ?? '', flags.cluster);
    return showNodeLog(target, flags.lines ?? DEFAULT_LOG_LINES, flags.grep, ctx);
  },
};

export const logsShowAction: ActionDefinition = {
  actionId: LOGS_SHOW_ACTION,
  permission: 'viewer',
  run: (value, ctx) => {
    const target = readLogsButtonValue(value);
    if (target === null) throw new UserFacingError('bad-button', 'That button is from an older version of the bot. Run `/rmq logs NODE` instead.');
    return showNodeLog(resolveChatNode(ctx.services.config, target.node, target.cluster), DEFAULT_LOG_LINES, undefined, ctx);
  },
};
