import { z } from 'zod';

/**
 * The parts of Slack's payloads this bot relies on, parsed once at the boundary (Bolt has already
 * verified where they came from). Unknown fields are allowed: Slack adds fields over time.
 */
export const slashCommandPayload = z.object({
  command: z.string(),
  text: z.string(),
  user_id: z.string().min(1),
  channel_id: z.string().min(1),
  response_url: z.string().url(),
  trigger_id: z.string().min(1),
});
export type SlashCommandPayload = z.infer<typeof slashCommandPayload>;

export const buttonPressPayload = z.object({
  type: z.literal('block_actions'),
  user: z.object({ id: z.string().min(1) }),
  channel: z.object({ id: z.string().min(1) }),
  message: z.object({ ts: z.string().regex(/^\d+\.\d+$/), thread_ts: z.string().optional() }),
  response_url: z.string().url(),
  actions: z
    .array(z.object({ type: z.literal('button'), action_id: z.string().min(1), value: z.string().default('') }))
    .length(1, { error: 'a button press carries exactly one action' }),
});
export type ButtonPressPayload = z.infer<typeof buttonPressPayload>;

/** What the command modal keeps in private_metadata: where /rmq was typed. */
export const commandModalMetadata = z.object({ channel: z.string().min(1) });

export const commandModalInputIds = { block: 'command', element: 'command_text' } as const;

export const commandModalSubmission = z.object({
  type: z.literal('view_submission'),
  user: z.object({ id: z.string().min(1) }),
  view: z.object({
    private_metadata: z.string(),
    state: z.object({
      values: z.object({
        [commandModalInputIds.block]: z.object({ [commandModalInputIds.element]: z.object({ value: z.string().nullable().optional() }) }),
      }),
    }),
  }),
});
export type CommandModalSubmission = z.infer<typeof commandModalSubmission>;
