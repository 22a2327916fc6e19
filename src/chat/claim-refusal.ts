import type { Reply } from '../reply/model';
import type { ActionClaim } from '../store/store';

const time = (d: Date): string => `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;

function notice(summary: string, detail: string): Reply {
  return { summary, mark: 'warning', ephemeral: true, blocks: [{ kind: 'text', text: summary, mark: 'warning' }, { kind: 'context', text: detail }] };
}

/** What to tell someone whose press did not start the action. */
export function claimRefusal(claim: Exclude<ActionClaim, { outcome: 'claimed' }>): Reply {
  switch (claim.outcome) {
    case 'running':
      return notice('This button is already running.', `Pressed by ${claim.by} at ${time(claim.since)}.`);
    case 'done':
      return notice('This button already ran, so I did not run it again.', `Pressed by ${claim.by}, finished at ${time(claim.at)}: ${claim.summary}`);
    case 'expired':
      return notice('This button has expired, so I did not run it.', `It stopped working at ${time(claim.expiredAt)}. Run the command again for fresh buttons.`);
  }
}
