import { createInterface } from 'node:readline';
import type { CommandRegistry } from '../../commands/registry';
import { runActionById, runCommandText } from '../../commands/run-command';
import type { Actor, CommandContext, Services } from '../../commands/types';
import type { Logger } from '../../observability/logger';
import type { Button, Reply } from '../../reply/model';
import { refuseClaim } from '../claim-refusal';
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

  const press = async (id: string): Promise<Reply> => {
    const entry = shown.get(id);
    if (!entry) return { summary: `No button ${id} on screen.`, ephemeral: true, mark: 'warning', blocks: [{ kind: 'text', text: `No button ${id} on screen. Buttons look like [b1].`, mark: 'warning' }] };
    const key = `console:${process.pid}:${entry.shownAt.getTime()}:${id}`;
    const claim = await services.store.claimAction(key, options.actor.id, services.now(), new Date(entry.shownAt.getTime() + buttonLifetimeMs));
    if (claim.outcome !== 'claimed') return refuseClaim(services, claim, { actionId: entry.button.actionId, actor: options.actor.id, channel: ctx.channel }, options.logger);
    const reply = await runActionById(options.registry, entry.button.actionId, entry.button.value, ctx, options.logger);
    await services.store.finishAction(key, services.now(), reply.summary);
    return reply;
  };

  const lines = createInterface({ input: io.input, terminal: false });
  const prompt = () => {
    if (io.interactive) io.output.write('rmq> ');
  };
  if (io.interactive) io.notices.write('Type /rmq help for the commands, press ID to click a button, quit to leave.\n');
  prompt();
  for await (const raw of lines) {
    const line = raw.trim();
    if (line === '') {
      prompt();
      continue;
    }
    if (quitWords.has(line)) break;
    const pressMatch = /^press\s+(\S+)$/i.exec(line);
    print(pressMatch ? await press(pressMatch[1] as string) : await runCommandText(options.registry, line, ctx, options.logger));
    prompt();
  }
  lines.close();
  return 0;
}
