import type { NewEvent } from '../store/store';
import type { LogSighting } from './log-watch-job';

export interface LogSightingContext {
  readonly cluster: string;
  readonly node: string;
  readonly logFile: string;
  readonly inode: string;
  /** The byte the read that found it started at. */
  readonly from: number;
  readonly fenceToken: number;
  readonly holder: string;
  readonly at: Date;
}

/**
 * The event of a signature new on a node. Its idempotency key names the bytes it was found in
 * (file and start of the read), so whichever replica reads those bytes, it is recorded once.
 */
export function logSignatureEvent(sighting: LogSighting, ctx: LogSightingContext): NewEvent {
  const cleared = sighting.cleared ? ' (cleared again further on in the same lines)' : '';
  return {
    kind: 'log-signature',
    at: ctx.at,
    actor: { kind: 'bot', id: ctx.holder },
    cluster: ctx.cluster,
    incident: null,
    channel: null,
    summary: `${ctx.cluster}: ${ctx.node} logged [${sighting.signature}] ${sighting.summary}${cleared}`,
    details: {
      node: ctx.node,
      signature: sighting.signature,
      severity: sighting.severity,
      firstSeenAt: ctx.at.getTime(),
      loggedAt: sighting.loggedAt,
      count: sighting.count,
      cleared: sighting.cleared,
      excerpt: sighting.excerpt,
      logFile: ctx.logFile,
      inode: ctx.inode,
      offset: ctx.from,
      fenceToken: ctx.fenceToken,
    },
    idempotencyKey: `watch-log:${ctx.cluster}:${ctx.node}:${sighting.signature}:${ctx.inode}@${ctx.from}`,
  };
}
