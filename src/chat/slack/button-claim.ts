import { createHash } from 'node:crypto';

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
