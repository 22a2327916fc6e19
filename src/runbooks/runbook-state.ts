import type { EventDetails } from '../store/event-kinds';
import type { StoredEvent } from '../store/store';

export type RunbookKind = EventDetails<'runbook-opened'>['runbook'];
export type RunbookLevel = EventDetails<'runbook-opened'>['level'];

export type RunbookPhase = 'awaiting-confirmation' | 'awaiting-approval' | 'awaiting-step-confirmation' | 'ready' | 'done' | 'failed' | 'aborted';

export interface Decision {
  readonly by: string;
  readonly at: Date;
}

/** A runbook as its events tell it: the event log is its only record, so any replica rebuilds the same state. */
export interface RunbookState {
  readonly id: string;
  readonly kind: RunbookKind;
  readonly cluster: string;
  readonly node: string;
  readonly level: RunbookLevel;
  readonly requester: string;
  readonly openedAt: Date;
  readonly needsApproval: boolean;
  readonly seenSince: Date | null;
  readonly confirmed: Decision | null;
  readonly approved: Decision | null;
  readonly closed: { readonly result: 'done' | 'failed' | 'aborted'; readonly by: string; readonly at: Date; readonly detail: string } | null;
  /** Indexes of steps verified done, in order. */
  readonly stepsDone: number;
  /** The step that failed its verification last, if the runbook stopped there. */
  readonly failedStep: string | null;
  /** A step destructive on its own that waits for the requester to type the node's name once more. */
  readonly awaitingStep: string | null;
  /** Steps whose own typed confirmation was given. */
  readonly stepsConfirmed: readonly string[];
}

const isRunbookEvent = (event: StoredEvent, runbookId: string): boolean =>
  event.kind.startsWith('runbook-') && (event.details as { runbookId?: string }).runbookId === runbookId;

/** Folds a runbook's events, oldest first, into its state; null when it was never opened. */
export function foldRunbook(runbookId: string, events: readonly StoredEvent[]): RunbookState | null {
  let state: RunbookState | null = null;
  for (const event of events) {
    if (!isRunbookEvent(event, runbookId)) continue;
    if (event.kind === 'runbook-opened') {
      const d = event.details;
      state = {
        id: runbookId,
        kind: d.runbook,
        cluster: event.cluster ?? '',
        node: d.node,
        level: d.level,
        requester: d.requester,
        openedAt: event.at,
        needsApproval: d.needsApproval,
        seenSince: d.seenSince === null ? null : new Date(d.seenSince),
        confirmed: null,
        approved: null,
        closed: null,
        stepsDone: 0,
        failedStep: null,
        awaitingStep: null,
        stepsConfirmed: [],
      };
      continue;
    }
    if (state === null) continue;
    if (event.kind === 'runbook-decision') {
      const decision = { by: event.details.by, at: event.at };
      const step = event.details.step;
      if (event.details.decision === 'confirmed') state = step === undefined ? { ...state, confirmed: decision } : { ...state, stepsConfirmed: [...state.stepsConfirmed, step], awaitingStep: null };
      if (event.details.decision === 'approved') state = { ...state, approved: decision };
    } else if (event.kind === 'runbook-step') {
      const { result, step, index } = event.details;
      if (result === 'done') state = { ...state, stepsDone: Math.max(state.stepsDone, index + 1), failedStep: null, awaitingStep: null };
      else if (result === 'failed') state = { ...state, failedStep: step };
      else if (!state.stepsConfirmed.includes(step)) state = { ...state, awaitingStep: step };
    } else if (event.kind === 'runbook-closed') {
      state = { ...state, closed: { result: event.details.result, by: event.actor.id, at: event.at, detail: event.details.detail } };
    }
  }
  return state;
}

export function phaseOf(state: RunbookState): RunbookPhase {
  if (state.closed) return state.closed.result;
  if (!state.confirmed) return 'awaiting-confirmation';
  if (state.needsApproval && !state.approved) return 'awaiting-approval';
  if (state.awaitingStep !== null) return 'awaiting-step-confirmation';
  return 'ready';
}
