import type { CommandRegistry } from '../../commands/registry';
import { runCommandText } from '../../commands/run-command';
import type { Actor, CommandContext, Services } from '../../commands/types';
import { excerpt } from '../../observability/excerpt';
import type { Logger } from '../../observability/logger';
import type { Button, ConfirmDialog, Reply } from '../../reply/model';
import { pressButton } from '../press-button';
import { boundedLines } from './bounded-lines';
import { cancelled, confirmPrompt, confirmsPrompt, typedPrompt } from './confirm-prompt';
import { renderReplyText } from './render-text';

export interface ConsoleIo {
  readonly input: NodeJS.ReadableStream;
  readonly output: NodeJS.WritableStream;
  /** Progress and notices; kept off `output` so scripts read replies only. */
  readonly notices: NodeJS.WritableStream;
  /** Interactive terminal: prompt and colour. A pipe gets plain text and ends at end of input. */
  readonly interactive: boolean;
}

export interface ConsoleSessionOptions {
  readonly registry: CommandRegistry;
  readonly services: Services;
  readonly actor: Actor;
  readonly io: ConsoleIo;
  readonly logger: Logger;
}

/** A button stays pressable this long, as in Slack, so a stale screen cannot trigger old actions. */
const buttonLifetimeMs = 30 * 60 * 1000;

interface ShownButton {
  readonly button: Button;
  readonly shownAt: Date;
}

const quitWords = new Set(['quit', 'exit', '\\q']);

/** Far longer than any command; pasted logs and status output go to `rmq-bot analyze`, not here. */
export const maxConsoleLineBytes = 16 * 1024;

const warning = (text: string): Reply => ({ summary: text, ephemeral: true, mark: 'warning', blocks: [{ kind: 'text', text, mark: 'warning' }] });

const lineTooLong = (bytes: number): Reply =>
  warning(`That line was ${bytes} bytes; the console takes lines up to ${maxConsoleLineBytes} bytes, so it was skipped. To look at a log or pasted output, use \`rmq-bot analyze FILE\` (or \`-\` for stdin).`);

const pressUsage = warning('press needs one button id: press ID, for example `press b1` (buttons show as [b1]).');

/** Reads `/rmq …` lines and `press ID` clicks until end of input; returns the exit code. */
export async function runConsoleSession(options: ConsoleSessionOptions): Promise<number> {
  const { io, services } = options;
  const shown = new Map<string, ShownButton>();
  let nextButton = 1;
  const ctx: CommandContext = {
    actor: options.actor,
    channel: 'console',
    services,
    progress: (partial) => io.notices.write(`… ${partial.summary}\n`),
  };

  const print = (reply: Reply) => {
    const ids: string[] = [];
    for (const block of reply.blocks) {
      if (block.kind !== 'actions') continue;
      for (const button of block.buttons) {
        const id = `b${nextButton++}`;
        shown.set(id, { button, shownAt: services.now() });
        ids.push(id);
      }
    }
    io.output.write(`${renderReplyText(reply, { colour: io.interactive, buttonIds: ids })}\n`);
  };

  /** A button whose confirm dialog, or whose typed-name question, is on screen: the next line answers it. */
  type Pending =
    | { readonly stage: 'confirm'; readonly id: string; readonly entry: ShownButton; readonly dialog: ConfirmDialog }
    | { readonly stage: 'typed'; readonly id: string; readonly entry: ShownButton };
  const confirming: { pending: Pending | null } = { pending: null };

  const runPress = async (id: string, entry: ShownButton, typed?: string): Promise<void> => {
    const request = {
      actor: options.actor,
      channel: ctx.channel,
      actionId: entry.button.actionId,
      value: entry.button.value,
      claimKey: `console:${process.pid}:${entry.shownAt.getTime()}:${id}`,
      expiresAt: new Date(entry.shownAt.getTime() + buttonLifetimeMs),
      ...(typed === undefined ? {} : { typed }),
    };
    await pressButton(
      options,
      request,
      async (runAction) => print(await runAction(ctx)),
      async (reply) => print(reply),
    );
  };

  const press = async (id: string): Promise<void> => {
    const entry = shown.get(id);
    if (!entry) return print(warning(`No button ${excerpt(id, 20)} on screen. Buttons look like [b1].`));
    const dialog = entry.button.confirm;
    if (dialog) {
      confirming.pending = { stage: 'confirm', id, entry, dialog };
      return print(confirmPrompt(dialog));
    }
    return askTypedOrRun(id, entry);
  };

  const askTypedOrRun = async (id: string, entry: ShownButton): Promise<void> => {
    const { typed } = entry.button;
    if (!typed) return runPress(id, entry);
    confirming.pending = { stage: 'typed', id, entry };
    print(typedPrompt(typed));
  };

  const prompt = () => {
    if (io.interactive) io.output.write('rmq> ');
  };
  if (io.interactive) io.notices.write('Type /rmq help for the commands, press ID to click a button, quit to leave.\n');
  prompt();
  for await (const input of boundedLines(io.input as AsyncIterable<Buffer | string>, maxConsoleLineBytes)) {
    if (input.kind === 'too-long') {
      print(lineTooLong(input.bytes));
      prompt();
      continue;
    }
    const line = input.text.trim();
    if (line === '') {
      prompt();
      continue;
    }
    const { pending } = confirming;
    if (pending) {
      confirming.pending = null;
      if (pending.stage === 'typed') await runPress(pending.id, pending.entry, line);
      else if (confirmsPrompt(line)) await askTypedOrRun(pending.id, pending.entry);
      else print(cancelled(pending.dialog));
      prompt();
      continue;
    }
    if (quitWords.has(line)) break;
    const pressWords = /^press(\s|$)/i.test(line) ? line.split(/\s+/).slice(1) : null;
    if (pressWords === null) print(await runCommandText(options.registry, line, ctx, options.logger));
    else if (pressWords.length === 1) await press(pressWords[0] as string);
    else print(pressUsage);
    prompt();
  }
  return 0;
}
