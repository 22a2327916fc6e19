import { randomUUID } from 'node:crypto';
import type { Services } from '../commands/types';
import type { Logger } from '../observability/logger';
import type { Reply } from '../reply/model';
import { recordEvent } from '../store/record-event';
import type { ActionClaim, ClaimHolder } from '../store/store';

const time = (d: Date): string => `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;

function notice(summary: string, detail: string): Reply {
  return { summary, mark: 'warning', ephemeral: true, blocks: [{ kind: 'text', text: summary, mark: 'warning' }, { kind: 'context', text: detail }] };
}

type RefusedClaim = Exclude<ActionClaim, { outcome: 'claimed' }>;

/** What to tell someone whose press did not start the action. */
export function claimRefusal(claim: RefusedClaim): Reply {
  switch (claim.outcome) {
    case 'running':
      return notice('This button is already running.', `Pressed by ${claim.by} at ${time(claim.since)}.`);
    case 'holder-died':
      return notice(
        'This button was running on a bot process that stopped answering, and the button has expired since.',
        `Pressed by ${claim.by} at ${time(claim.since)} on ${claim.holder}, last heard of at ${time(claim.leaseLapsedAt)}. Check what it did, then run the command again for fresh buttons.`,
      );
    case 'done':
      return notice('This button already ran, so I did not run it again.', `Pressed by ${claim.by}, finished at ${time(claim.at)}: ${claim.summary}`);
    case 'expired':
      return notice('This button has expired, so I did not run it.', `It stopped working at ${time(claim.expiredAt)}. Run the command again for fresh buttons.`);
  }
}

/** Told to the presser who takes over a press whose bot process died mid-run. */
export function takeoverNotice(previous: ClaimHolder): Reply {
  return notice(
    'An earlier press of this button was running on a bot process that stopped answering; running it again.',
    `Pressed by ${previous.by} at ${time(previous.since)} on ${previous.holder}.`,
  );
}

const refusalReasons = { running: 'already-running', 'holder-died': 'holder-died', done: 'already-done', expired: 'expired' } as const;

/** Records the refused press in the event log and words the refusal: one flow for console and Slack. */
export async function refuseClaim(services: Services, claim: RefusedClaim, press: { actionId: string; actor: string; channel: string }, logger: Logger): Promise<Reply> {
  const reason = refusalReasons[claim.outcome];
  await recordEvent(
    services.store,
    {
      at: services.now(),
      actor: { kind: 'user', id: press.actor },
      cluster: null,
      incident: null,
      channel: press.channel,
      kind: 'action-refused',
      details: { actionId: press.actionId, reason, ...('by' in claim ? { by: claim.by } : {}) },
      summary: `pressed ${press.actionId}: refused (${reason})`,
      idempotencyKey: `refused:${randomUUID()}`,
    },
    logger,
  );
  return claimRefusal(claim);
}
