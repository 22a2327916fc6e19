import { z } from 'zod';
import { roleAllows, type CommandContext, type CommandDefinition } from '../src/commands/types';
import { textReply, type Reply } from '../src/reply/model';
import { isWatchOn, watchedClusters } from '../src/watch/watch-service';

const watchArgs = z.object({
  positional: z.tuple([z.enum(['on', 'off', 'status'], { error: 'expected on, off or status' })], { error: 'watch takes one word: on, off or status' }),
  flags: z.strictObject({}, { error: 'watch takes no options' }),
});

const text = (summary: string, lines: readonly string[] = []): Reply => ({
  summary,
  blocks: lines.length === 0 ? [] : [{ kind: 'text', text: lines.join('\n') }],
});

async function status(ctx: CommandContext): Promise<Reply> {
  const { config, store } = ctx.services;
  if (!config.watch) return text('Watch mode is not configured: add a `watch:` section (intervalMs) to the config and restart `rmq-bot serve`.');
  const on = await isWatchOn(store);
  const switched = await store.getWatchSwitch();
  const lines = await Promise.all(
    watchedClusters(config, config.watch).map(async (cluster) => {
      const [last] = await store.listWatchSnapshots(cluster, 1);
      return last ? `${cluster}: poll ${last.seq} at ${last.takenAt.toISOString()}` : `${cluster}: not polled yet`;
    }),
  );
  const by = switched ? ` (turned ${switched.on ? 'on' : 'off'} by ${switched.by} at ${switched.at.toISOString()})` : '';
  return text(`Watch mode is ${on ? 'on' : 'off'}${by}, every ${config.watch.intervalMs / 1000} s`, lines);
}

async function turn(on: boolean, ctx: CommandContext): Promise<Reply> {
  const { config, store } = ctx.services;
  if (!config.watch) return text('Watch mode is not configured: add a `watch:` section (intervalMs) to the config and restart `rmq-bot serve`.');
  const at = ctx.services.now();
  await store.transaction(async (tx) => {
    await tx.setWatchSwitch({ on, by: ctx.actor.id, at });
    await tx.appendEvent({
      kind: 'watch-switched',
      at,
      actor: { kind: 'user', id: ctx.actor.id },
      cluster: null,
      incident: null,
      channel: ctx.channel,
      summary: `${ctx.actor.id} turned watch mode ${on ? 'on' : 'off'}`,
      details: { on },
      idempotencyKey: `watch-switched:${ctx.actor.id}:${at.getTime()}`,
    });
  });
  return text(on ? 'Watch mode is on: the replica holding the watch lease polls from its next tick.' : 'Watch mode is off: polling stops at the next tick, on every replica.');
}

export const watchCommand: CommandDefinition<z.infer<typeof watchArgs>> = {
  name: 'watch',
  summary: 'Watch mode: poll the clusters and record every change (on/off need the operator role)',
  usage: '/rmq watch on|off|status',
  permission: 'viewer',
  args: watchArgs,
  run: async ({ positional: [word] }, ctx) => {
    if (word === 'status') return status(ctx);
    // Looking is for everyone; starting or stopping the polling is an operator's decision.
    if (!roleAllows(ctx.actor.role, 'operator')) return textReply(`\`/rmq watch ${word}\` needs the operator role; you have ${ctx.actor.role}.`, { mark: 'warning', ephemeral: true });
    return turn(word === 'on', ctx);
  },
};
