import { z } from 'zod';
import type { CommandDefinition } from '../src/commands/types';
import type { Reply } from '../src/reply/model';
import { textReply } from '../src/reply/model';
import { drawIncidentCharts } from '../src/charts/incident-charts';
import { buildPostmortem } from '../src/timeline/build-postmortem';

const postmortemArgs = z.object({
  positional: z.array(z.string()).max(1, { error: 'postmortem takes at most an incident id: /rmq postmortem inc-20261130-abc123' }),
  flags: z.strictObject({}, { error: 'postmortem takes no flags' }),
});

/** `/rmq postmortem [INCIDENT]`: the Markdown draft of the channel's open or latest incident. */
export const postmortemCommand: CommandDefinition<z.infer<typeof postmortemArgs>> = {
  name: 'postmortem',
  summary: "A Markdown postmortem draft of this channel's incident",
  usage: '/rmq postmortem [incident-id]',
  permission: 'viewer',
  args: postmortemArgs,
  run: async ({ positional }, ctx): Promise<Reply> => {
    const { store, now, config } = ctx.services;
    const wanted = positional[0];
    const incident = wanted ? await store.getIncident(wanted) : ((await store.openIncidentIn(ctx.channel)) ?? (await store.listIncidents(ctx.channel))[0] ?? null);
    if (!incident) {
      return textReply(wanted ? `There is no incident ${wanted}. \`/rmq timeline\` shows the channel's events.` : 'This channel has had no incident. Open one with `/rmq incident start TITLE`.', {
        mark: 'warning',
        ephemeral: true,
      });
    }
    // The charts travel as images beside the draft, which embeds them by file name.
    const charts = await drawIncidentCharts(store, incident.id, config.clusters.map((c) => c.name), incident.openedAt, incident.closedAt ?? now());
    const markdown = await buildPostmortem(store, incident, config.chat.timeZone, now(), charts);
    const images = charts.map((c) => ({ kind: 'image' as const, title: c.title, filename: c.filename, pngBase64: c.png.toString('base64') }));
    return { summary: `Postmortem draft of ${incident.id} (${incident.title})`, blocks: [{ kind: 'preformatted', title: `postmortem-${incident.id}.md`, text: markdown }, ...images] };
  },
};
