/** Block Kit as the bot posted it and the fake Web API recorded it: enough to find and press its buttons. */
export interface SlackButtonJson {
  readonly action_id: string;
  readonly value: string;
  readonly confirm?: unknown;
}

export interface SlackBlockJson {
  readonly type: string;
  readonly elements?: readonly SlackButtonJson[];
}

/** The button of `actionId` (any position, typed or not) in posted blocks; throws with the blocks when absent. */
export function buttonIn(blocks: readonly SlackBlockJson[], actionId: string): SlackButtonJson {
  const button = blocks.flatMap((b) => (b.type === 'actions' ? (b.elements ?? []) : [])).find((e) => e.action_id.startsWith(`${actionId}:`));
  if (!button) throw new Error(`no ${actionId} button in ${JSON.stringify(blocks)}`);
  return button;
}
