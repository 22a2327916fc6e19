import { roleAllows, type Actor } from '../commands/types';
import { err, ok, type Result } from '../result';
import { phaseOf, type RunbookState } from './runbook-state';

/** Why the engine refused a decision: each one is shown to the person with what to do instead. */
export type DecisionRefusal =
  | { readonly kind: 'role'; readonly needed: 'operator' | 'approver'; readonly held: Actor['role'] }
  | { readonly kind: 'closed'; readonly result: 'done' | 'failed' | 'aborted'; readonly by: string; readonly at: Date }
  | { readonly kind: 'not-the-requester'; readonly requester: string }
  | { readonly kind: 'typed-name-missing'; readonly node: string }
  | { readonly kind: 'typed-name-wrong'; readonly node: string; readonly typed: string }
  | { readonly kind: 'already-confirmed'; readonly by: string; readonly at: Date }
  | { readonly kind: 'not-confirmed-yet' }
  | { readonly kind: 'step-not-confirmed'; readonly step: string; readonly node: string }
  | { readonly kind: 'no-approval-needed' }
  | { readonly kind: 'already-approved'; readonly by: string; readonly at: Date }
  | { readonly kind: 'approver-is-requester' }
  | { readonly kind: 'approval-expired'; readonly since: Date }
  /** Another mutating runbook holds the cluster: who and since when, in words. */
  | { readonly kind: 'lease-held'; readonly holder: string };

/** The confirmation was given this long ago or more: any approval on top of it is void. */
export function approvalDeadline(state: RunbookState, ttlMs: number): Date | null {
  return state.confirmed ? new Date(state.confirmed.at.getTime() + ttlMs) : null;
}

function open(state: RunbookState): Result<RunbookState, DecisionRefusal> {
  return state.closed ? err({ kind: 'closed', ...state.closed }) : ok(state);
}

/**
 * The requester confirms. A destructive runbook needs the target's name typed exactly: a click
 * alone never forgets or resets a node. A step destructive on its own (a wipe) waits for the name
 * typed once more, right before it.
 */
export function checkConfirm(state: RunbookState, actor: Actor, typed: string | undefined): Result<void, DecisionRefusal> {
  const isOpen = open(state);
  if (!isOpen.ok) return isOpen;
  if (!roleAllows(actor.role, 'operator')) return err({ kind: 'role', needed: 'operator', held: actor.role });
  if (actor.id !== state.requester) return err({ kind: 'not-the-requester', requester: state.requester });
  const forStep = phaseOf(state) === 'awaiting-step-confirmation';
  if (state.confirmed && !forStep) return err({ kind: 'already-confirmed', ...state.confirmed });
  if (state.level === 'destructive' || forStep) {
    if (typed === undefined || typed.trim() === '') return err({ kind: 'typed-name-missing', node: state.node });
    if (typed.trim() !== state.node) return err({ kind: 'typed-name-wrong', node: state.node, typed: typed.trim() });
  }
  return ok(undefined);
}

/** A second person with the approver role approves, within the approval's life. */
export function checkApprove(state: RunbookState, actor: Actor, now: Date, ttlMs: number): Result<void, DecisionRefusal> {
  const isOpen = open(state);
  if (!isOpen.ok) return isOpen;
  if (!roleAllows(actor.role, 'approver')) return err({ kind: 'role', needed: 'approver', held: actor.role });
  if (!state.needsApproval) return err({ kind: 'no-approval-needed' });
  if (state.approved) return err({ kind: 'already-approved', ...state.approved });
  if (actor.id === state.requester) return err({ kind: 'approver-is-requester' });
  const deadline = approvalDeadline(state, ttlMs);
  if (deadline === null) return err({ kind: 'not-confirmed-yet' });
  if (now.getTime() > deadline.getTime()) return err({ kind: 'approval-expired', since: deadline });
  return ok(undefined);
}

/** The requester or an approver may abort an open runbook. */
export function checkAbort(state: RunbookState, actor: Actor): Result<void, DecisionRefusal> {
  const isOpen = open(state);
  if (!isOpen.ok) return isOpen;
  if (actor.id === state.requester && roleAllows(actor.role, 'operator')) return ok(undefined);
  if (!roleAllows(actor.role, 'approver')) return err({ kind: 'role', needed: 'approver', held: actor.role });
  return ok(undefined);
}

/** May the actions run now: confirmed, approved where needed, and the approval still alive. */
export function checkRunnable(state: RunbookState, now: Date, ttlMs: number): Result<void, DecisionRefusal> {
  const isOpen = open(state);
  if (!isOpen.ok) return isOpen;
  const phase = phaseOf(state);
  if (phase === 'awaiting-confirmation') return err({ kind: 'not-confirmed-yet' });
  if (phase === 'awaiting-approval') {
    const deadline = approvalDeadline(state, ttlMs);
    if (deadline !== null && now.getTime() > deadline.getTime()) return err({ kind: 'approval-expired', since: deadline });
    return err({ kind: 'not-confirmed-yet' });
  }
  if (phase === 'awaiting-step-confirmation') return err({ kind: 'step-not-confirmed', step: state.awaitingStep ?? '', node: state.node });
  return ok(undefined);
}

export function describeRefusal(refusal: DecisionRefusal, runbookId: string): string {
  switch (refusal.kind) {
    case 'role':
      return `${runbookId}: this needs the ${refusal.needed} role; you have ${refusal.held}. Ask an admin to add you to chat.roles.${refusal.needed}.`;
    case 'closed':
      return `${runbookId} is ${refusal.result} (by ${refusal.by} at ${refusal.at.toISOString()}); open a new runbook to act again.`;
    case 'not-the-requester':
      return `${runbookId} was opened by ${refusal.requester}; only they confirm it (approvers approve with /rmq approve ${runbookId}).`;
    case 'typed-name-missing':
      return `${runbookId} is destructive: type the node's name to confirm — /rmq confirm ${runbookId} ${refusal.node}`;
    case 'typed-name-wrong':
      return `${runbookId}: "${refusal.typed}" is not ${refusal.node}; nothing was done. Type the node's name exactly.`;
    case 'already-confirmed':
      return `${runbookId} was already confirmed by ${refusal.by} at ${refusal.at.toISOString()}.`;
    case 'not-confirmed-yet':
      return `${runbookId} is not confirmed (and approved where needed) yet; see /rmq runbook ${runbookId}.`;
    case 'step-not-confirmed':
      return `${runbookId}: step ${refusal.step} is destructive on its own and waits for its requester to type the node's name — /rmq confirm ${runbookId} ${refusal.node}`;
    case 'no-approval-needed':
      return `${runbookId} needs no approval.`;
    case 'already-approved':
      return `${runbookId} was already approved by ${refusal.by} at ${refusal.at.toISOString()}.`;
    case 'approver-is-requester':
      return `${runbookId}: you opened it, so you cannot approve it; a second person with the approver role must.`;
    case 'approval-expired':
      return `${runbookId}: the approval window closed at ${refusal.since.toISOString()}; abort it and open a new runbook.`;
    case 'lease-held':
      return `${runbookId}: another mutating runbook holds this cluster: ${refusal.holder}. Wait for it, or abort it.`;
  }
}
