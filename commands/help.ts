import { z } from 'zod';
import type { AnyCommandDefinition, CommandDefinition } from '../src/commands/types';
import type { Reply } from '../src/reply/model';

const helpArgs = z.object({ positional: z.array(z.string()).max(1, { error: 'help takes at most one command name' }), flags: z.object({}) });

/** `/rmq help [command]`. Built from the registry so it can never list a command that does not exist. */
export function helpCommand(list: () => readonly AnyCommandDefinition[]): CommandDefinition<z.infer<typeof helpArgs>> {
  return {
    name: 'help',
    summary: 'List the commands and how to use them',
    usage: '/rmq help [command]',
    permission: 'viewer',
    args: helpArgs,
    run: async ({ positional }): Promise<Reply> => {
      const commands = list();
      const wanted = positional[0];
      const shown = wanted ? commands.filter((c) => c.name === wanted) : commands;
      if (wanted && shown.length === 0) {
        return { summary: `There is no \`/rmq ${wanted}\` command.`, mark: 'warning', ephemeral: true, blocks: [{ kind: 'text', text: `There is no \`/rmq ${wanted}\` command. Type \`/rmq help\` for the list.`, mark: 'warning' }] };
      }
      return {
        summary: `rmq-incident-bot: ${commands.length} commands`,
        ephemeral: true,
        blocks: [
          { kind: 'header', text: 'rmq-incident-bot commands' },
          { kind: 'table', columns: ['usage', 'what it does', 'role'], rows: shown.map((c) => [c.usage, c.summary, c.permission]) },
        ],
      };
    },
  };
}
