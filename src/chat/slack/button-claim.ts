import { createHash } from 'node:crypto';
import type { ActionClaim } from '../../store/store';
import type { Reply } from '../../reply/model';

/**
 * One key per rendered button: the message it sits in (channel + ts), its wire id (action and
 * position) and a digest of its value. Two presses of that button, on any replica, share the key.
 */
export function buttonClaimKey(channel: string, messageTs: string, wireId: string, value: string): string {
  const valueDigest = createHash('sha256').update(value).digest('hex').slice(0, 16);
  return `slack-button:${channel}:${messageTs}:${wireId}:${valueDigest}`;
}

/** Buttons stop working this long after their message was posted: by then the cluster has moved on. */
export const buttonLifetimeMs = 12 * 60 * 60 * 1000;

export function buttonExpiry(messageTs: string, lifetimeMs: number): Date {
  return new Date(Math.floor(Number(messageTs) * 1000) + lifetimeMs);
}

const time = (d: Date): string => `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;

function notice(summary: string, detail: string): Reply {
  return { summary, mark: 'warning', ephemeral: true, blocks: [{ kind: 'text', text: summary, mark: 'warning' }, { kind: 'context', text: detail }] };
}

/** What to tell someone whose press did not start the action. */
export function claimRefusal(claim: Exclude<ActionClaim, { outcome: 'claimed' }>): Reply {
  switch (claim.outcome) {
    case 'running':
      return notice('This button is already running.', `Pressed by ${claim.by} at ${time(claim.since)}. Its result will appear in the thread.`);
    case 'done':
      return notice('This button already ran, so I did not run it again.', `Pressed by ${claim.by}, finished at ${time(claim.at)}: ${claim.summary}`);
    case 'expired':
      return notice('This button has expired, so I did not run it.', `It stopped working at ${time(claim.expiredAt)}. Run the command again for fresh buttons.`);
  }
}
