import { z } from 'zod';
import type { CommandDefinition } from '../src/commands/types';
import type { Reply } from '../src/reply/model';
import type { StoredEvent } from '../src/store/store';
import { formatTime } from '../src/timeline/format-time';
import { incidentEvents, readTimeline } from '../src/timeline/incident-events';
import { parseSince } from '../src/timeline/parse-since';

const timelineArgs = z.object({
  positional: z.array(z.string()).max(0, { error: 'timeline takes no words, only --since: /rmq timeline --since 30m' }),
  flags: z.strictObject(
    {
      since: z
        .string({ error: '--since needs a duration like 30m' })
        .transform((text, c) => {
          const parsed = parseSince(text);
          if (parsed.ok) return parsed.value;
          c.addIssue({ code: 'custom', message: parsed.error });
          return z.NEVER;
        })
        .optional(),
    },
    { error: 'timeline knows only --since DURATION' },
  ),
});

const line = (e: StoredEvent, tz: string): string => `${formatTime(e.at, tz)}  ${e.actor.kind === 'bot' ? 'bot' : e.actor.id}  ${e.summary}`;

/** `/rmq timeline [--since 30m]`: the open incident's timeline, or the channel's recent events. */
export const timelineCommand: CommandDefinition<z.infer<typeof timelineArgs>> = {
  name: 'timeline',
  summary: "The timeline so far: the open incident's, else this channel's",
  usage: '/rmq timeline [--since 30m]',
  permission: 'viewer',
  args: timelineArgs,
  run: async ({ flags }, ctx): Promise<Reply> => {
    const { store, now, config } = ctx.services;
    const tz = config.chat.timeZone;
    const from = flags.since === undefined ? null : now().getTime() - flags.since;
    const incident = await store.openIncidentIn(ctx.channel);
    const all = incident
      ? await incidentEvents(store, incident)
      : (await readTimeline(store, { channel: ctx.channel }, (e) => from !== null && e.at.getTime() < from)).reverse();
    const events = from === null ? all : all.filter((e) => e.at.getTime() >= from);
    const what = incident ? `Incident ${incident.id} (${incident.title})` : 'This channel';
    const window = flags.since === undefined ? '' : ` in the last ${Math.round(flags.since / 60_000)} min`;
    const summary = `${what}: ${events.length} events${window}`;
    if (events.length === 0) return { summary, ephemeral: true, blocks: [{ kind: 'text', text: `${summary}.` }] };
    // Long timelines become a file through the reply renderer's long-text path.
    return { summary, blocks: [{ kind: 'header', text: summary }, { kind: 'preformatted', title: `times in ${tz}`, text: events.map((e) => line(e, tz)).join('\n') }] };
  },
};
