import { z } from 'zod';

const stepOutcomeKind = z.enum(['completed', 'not-sent', 'outcome-unknown']);

/**
 * The closed set of things the event log records, each with the schema of its details. Timeline posts,
 * the postmortem and the audit read these; adding a kind means adding it here, never a free string.
 */
export const eventDetailSchemas = {
  /** A `/rmq …` line from Slack or the console, and the summary of its reply. */
  'command-run': z.strictObject({ text: z.string(), reply: z.string(), ephemeral: z.boolean() }),
  /** A button press that ran its action. */
  'button-pressed': z.strictObject({ actionId: z.string(), value: z.string(), reply: z.string() }),
  /** A press or command that was not run, and why. */
  'action-refused': z.strictObject({
    actionId: z.string(),
    reason: z.enum(['role', 'unknown-action', 'already-running', 'already-done', 'expired', 'holder-died']),
    /** Who holds or ran the claim, for the claim reasons. */
    by: z.string().optional(),
  }),
  /** A claim whose holder stopped renewing it was taken over by another press. */
  'claim-taken-over': z.strictObject({ claimKey: z.string(), previousBy: z.string(), previousHolder: z.string(), since: z.number() }),
  'step-planned': z.strictObject({ stepId: z.string(), node: z.string(), action: z.string(), argv: z.array(z.string()), runbookId: z.string().nullable() }),
  'step-started': z.strictObject({ stepId: z.string(), node: z.string(), action: z.string(), fenceToken: z.number().nullable() }),
  'step-finished': z.strictObject({ stepId: z.string(), node: z.string(), action: z.string(), outcome: stepOutcomeKind }),
  'lease-acquired': z.strictObject({ lease: z.string(), holder: z.string(), token: z.number() }),
  'lease-released': z.strictObject({ lease: z.string(), holder: z.string(), token: z.number() }),
  /** Free text by a person, and rows migrated from the prose-only v1 timeline. */
  note: z.strictObject({ text: z.string().optional(), source: z.string().optional(), legacyKind: z.string().optional() }),
  // runbooks
  /** A runbook was opened: its kind, target and the confirmations it needs. The first event of every runbook. */
  'runbook-opened': z.strictObject({
    runbookId: z.string(),
    runbook: z.enum(['restart', 'evict', 'rejoin', 'cutover', 'cutover-rollback', 'mgmt-restart']),
    node: z.string(),
    level: z.enum(['mutating', 'destructive']),
    requester: z.string(),
    needsApproval: z.boolean(),
    /** When the target was first seen in the state the runbook is for (evict: down per every peer). */
    seenSince: z.number().nullable(),
  }),
  /** One pre-check or verification and what it found. */
  'runbook-check': z.strictObject({ runbookId: z.string(), step: z.string(), check: z.string(), passed: z.boolean(), detail: z.string() }),
  /** A person's decision on a runbook, or one the engine refused (with why). */
  'runbook-decision': z.strictObject({
    runbookId: z.string(),
    decision: z.enum(['confirmed', 'approved', 'aborted', 'refused']),
    by: z.string(),
    reason: z.string().optional(),
    /** Set when the decision is about one step that needs its own typed confirmation. */
    step: z.string().optional(),
  }),
  /** One mutating action of a step: argv, exit code, duration and output excerpt. */
  'runbook-action': z.strictObject({
    runbookId: z.string(),
    step: z.string(),
    stepId: z.string(),
    argv: z.array(z.string()),
    outcome: z.enum(['completed', 'not-sent', 'outcome-unknown', 'refused']),
    exitCode: z.number().nullable(),
    durationMs: z.number().nullable(),
    outputExcerpt: z.string(),
  }),
  /** A step passed its verification (done) or did not (failed), or waits for its own typed confirmation. */
  'runbook-step': z.strictObject({ runbookId: z.string(), step: z.string(), index: z.number(), result: z.enum(['done', 'failed', 'awaiting-confirmation']) }),
  'runbook-closed': z.strictObject({ runbookId: z.string(), result: z.enum(['done', 'failed', 'aborted']), detail: z.string() }),
  // watch
  /** What a watch poll saw change since the previous poll of the cluster, written under the watch lease. */
  'cluster-change': z.strictObject({
    change: z.enum(['node-down', 'node-up', 'ssh-unreachable', 'ssh-reachable', 'node-timed-out', 'alarm-set', 'alarm-cleared', 'partition-appeared', 'partition-healed', 'flapping', 'flapping-stopped']),
    node: z.string().nullable(),
    alarm: z.string().optional(),
    sides: z.array(z.array(z.string())).optional(),
    /** Down/up transitions of a flapping node within the window, and for flapping-stopped whether it settled up or down. */
    count: z.number().int().optional(),
    settled: z.enum(['up', 'down']).optional(),
    pollSeq: z.number().int(),
    fenceToken: z.number().int(),
  }),
  'watch-switched': z.strictObject({ on: z.boolean() }),
  // timeline
  'incident-opened': z.strictObject({ incidentId: z.string(), title: z.string() }),
  'incident-closed': z.strictObject({ incidentId: z.string(), title: z.string(), openedAt: z.number() }),
  /** A chat message copied into the timeline (📌 or the message shortcut), with its own author and time. */
  'message-pinned': z.strictObject({
    text: z.string(),
    author: z.string(),
    messageTs: z.string(),
    via: z.enum(['reaction', 'shortcut']),
    /** Who added the 📌 or ran the shortcut (the actor is the message's author). */
    pinnedBy: z.string().optional(),
  }),
  /** A signature new on a node's log (never seen there, or back after a quiet spell), found by watch mode reading the log incrementally. */
  'log-signature': z.strictObject({
    node: z.string(),
    signature: z.string(),
    severity: z.enum(['critical', 'warning', 'info']),
    /** When watch mode first saw it (ms), and the record's own time as the log wrote it. */
    firstSeenAt: z.number(),
    loggedAt: z.string().nullable(),
    count: z.number().int(),
    cleared: z.boolean(),
    excerpt: z.string(),
    /** Where in the log: the file's inode and the byte the read that found it started at. */
    logFile: z.string(),
    inode: z.string(),
    offset: z.number().int(),
    fenceToken: z.number().int(),
  }),
} as const;

export type EventKind = keyof typeof eventDetailSchemas;
export type EventDetails<K extends EventKind> = z.infer<(typeof eventDetailSchemas)[K]>;

export const isEventKind = (kind: string): kind is EventKind => Object.hasOwn(eventDetailSchemas, kind);
