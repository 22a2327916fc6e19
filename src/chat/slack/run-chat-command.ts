import { runCommandText } from '../../commands/run-command';
import { runAndDeliver, sendEphemeral, type EphemeralTarget } from './deliver-reply';
import type { HandlerDeps } from './handler-deps';

export interface ChatCommandRequest {
  readonly channel: string;
  readonly user: string;
  readonly text: string;
  readonly ephemeral: EphemeralTarget;
}

/** `/rmq …` typed in a channel or in the command modal: check who and where, run it (runCommandText records it), show it. */
export async function runChatCommand(deps: HandlerDeps, request: ChatCommandRequest): Promise<void> {
  const access = await deps.access.decide(request.channel, request.user);
  if (access.kind === 'refused') {
    await sendEphemeral(deps, request.ephemeral, access.reply);
    return;
  }
  await runAndDeliver(deps, { channel: request.channel, ephemeral: request.ephemeral }, access.actor, (ctx) =>
    runCommandText(deps.registry, request.text, ctx, deps.logger),
  );
}
