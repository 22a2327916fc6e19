import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { CommandDefinition } from '../src/commands/types';
import { textReply, type Reply } from '../src/reply/model';

const maxNote = 2_000;

const noteArgs = z.object({
  positional: z.array(z.string()).min(1, { error: 'write the note after the command: /rmq note restarted rabbit2 by hand' }),
  flags: z.strictObject({}, { error: 'note takes no flags; quote text that starts with --' }),
});

/** `/rmq note TEXT`: a person's line in the timeline of the channel's open incident. */
export const noteCommand: CommandDefinition<z.infer<typeof noteArgs>> = {
  name: 'note',
  summary: "Add a line to the timeline (the open incident's thread)",
  usage: '/rmq note TEXT',
  permission: 'viewer',
  args: noteArgs,
  run: async ({ positional }, ctx): Promise<Reply> => {
    const text = positional.join(' ');
    if (text.length > maxNote) return textReply(`A note is at most ${maxNote} characters; this one has ${text.length}. Split it in two.`, { mark: 'warning', ephemeral: true });
    const { store, now } = ctx.services;
    const incident = await store.openIncidentIn(ctx.channel);
    await store.appendEvent({
      at: now(),
      actor: { kind: 'user', id: ctx.actor.id },
      cluster: null,
      incident: incident?.id ?? null,
      channel: ctx.channel,
      kind: 'note',
      details: { text, source: 'command' },
      summary: text,
      idempotencyKey: `note:${randomUUID()}`,
    });
    return textReply(incident ? `Noted in ${incident.id}.` : 'Noted in the channel timeline (no incident is open here).', { mark: 'ok', ephemeral: true });
  },
};
