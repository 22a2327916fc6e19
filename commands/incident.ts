import { z } from 'zod';
import type { CommandDefinition } from '../src/commands/types';
import { textReply, type Reply } from '../src/reply/model';
import { formatTime } from '../src/timeline/format-time';
import { closeIncident, openIncident } from '../src/timeline/incidents';

const incidentArgs = z.object({
  positional: z
    .array(z.string())
    .min(1, { error: 'say start or end: /rmq incident start [title] or /rmq incident end' })
    .refine((words) => words[0] === 'start' || words[0] === 'end', { error: 'the first word is start or end' })
    .refine((words) => words[0] === 'start' || words.length === 1, { error: '/rmq incident end takes nothing more' }),
  flags: z.strictObject({}, { error: 'incident takes no flags' }),
});

/** `/rmq incident start [title]` and `/rmq incident end`: one open incident per channel. */
export const incidentCommand: CommandDefinition<z.infer<typeof incidentArgs>> = {
  name: 'incident',
  summary: 'Open or close the incident of this channel; its events then go to its thread',
  usage: '/rmq incident start [title] | end',
  permission: 'operator',
  args: incidentArgs,
  run: async ({ positional }, ctx): Promise<Reply> => {
    const { store, now, config } = ctx.services;
    const actor = { kind: 'user' as const, id: ctx.actor.id };
    if (positional[0] === 'end') {
      const closed = await closeIncident(store, ctx.channel, actor, now());
      if (!closed) return textReply('There is no open incident in this channel.', { mark: 'warning', ephemeral: true });
      return textReply(`Incident ${closed.id} (${closed.title}) closed. \`/rmq postmortem ${closed.id}\` drafts its postmortem.`, { mark: 'ok', ephemeral: true });
    }
    const title = positional.slice(1).join(' ').trim() || 'Untitled incident';
    const { incident, opened } = await openIncident(store, { channel: ctx.channel, title, actor, at: now() });
    if (!opened) {
      return textReply(`This channel already has an open incident: ${incident.id} (${incident.title}), since ${formatTime(incident.openedAt, config.chat.timeZone)}.`, {
        mark: 'warning',
        ephemeral: true,
      });
    }
    // The outbox posts the root message; this answer only confirms to the person who asked.
    return textReply(`Incident ${incident.id} opened: ${incident.title}. Its timeline goes to the thread of the incident message.`, { mark: 'critical', ephemeral: true });
  },
};
