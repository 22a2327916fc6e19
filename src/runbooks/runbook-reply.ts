import type { Block, Button, Decided, Reply, StatusMark } from '../reply/model';
import type { Preview } from './definition';
import { phaseOf, type RunbookState } from './runbook-state';

/** What the engine hands a chat after any call: the runbook as it stands, what happened, and any refusal. */
export interface RunbookView {
  readonly state: RunbookState;
  /** Checks, actions and verifications of this call, in order. */
  readonly lines: readonly string[];
  /** Why the engine refused what was asked; null when it did it. */
  readonly refusal: string | null;
  readonly preview?: Preview;
}

export const RUNBOOK_CONFIRM = 'runbook.confirm';
export const RUNBOOK_APPROVE = 'runbook.approve';
export const RUNBOOK_ABORT = 'runbook.abort';

const markOf: Record<ReturnType<typeof phaseOf>, StatusMark> = {
  'awaiting-confirmation': 'pending',
  'awaiting-approval': 'pending',
  'awaiting-step-confirmation': 'pending',
  ready: 'pending',
  done: 'ok',
  failed: 'critical',
  aborted: 'warning',
};

function nextStep(state: RunbookState): { text: string; buttons: Button[] } {
  const abort: Button = { actionId: RUNBOOK_ABORT, label: 'Abort', value: state.id };
  switch (phaseOf(state)) {
    case 'awaiting-confirmation':
      if (state.level === 'destructive') {
        return {
          text: `Destructive. ${state.requester}: type the node's name to confirm — \`/rmq confirm ${state.id} ${state.node}\`${state.needsApproval ? `; then a second person with the approver role runs \`/rmq approve ${state.id}\`` : ''}.`,
          buttons: [
            {
              actionId: RUNBOOK_CONFIRM,
              label: 'Type the name to confirm',
              value: state.id,
              style: 'danger',
              confirm: { title: `${state.kind} ${state.node}?`, text: `${state.id} is destructive and cannot be undone. Next you type the node's name.`, confirmLabel: 'Go on', denyLabel: 'Cancel' },
              typed: {
                title: `Confirm ${state.id}`,
                text: `${state.kind} ${state.node} on cluster ${state.cluster} is destructive and cannot be undone. Type the node's name to confirm it.`,
                label: `Node name (${state.node})`,
                submitLabel: 'Confirm',
              },
            },
            abort,
          ],
        };
      }
      return {
        text: `${state.requester}: confirm to run it — \`/rmq confirm ${state.id}\`.`,
        buttons: [
          {
            actionId: RUNBOOK_CONFIRM,
            label: 'Confirm',
            value: state.id,
            style: 'primary',
            confirm: { title: `Run ${state.id}?`, text: `${state.kind} ${state.node} on cluster ${state.cluster}`, confirmLabel: 'Run it', denyLabel: 'Cancel' },
          },
          abort,
        ],
      };
    case 'awaiting-approval':
      return {
        text: `Confirmed by ${state.confirmed?.by}. Waiting for a second person with the approver role: \`/rmq approve ${state.id}\`.`,
        buttons: [{ actionId: RUNBOOK_APPROVE, label: 'Approve', value: state.id, style: 'danger' }, abort],
      };
    case 'awaiting-step-confirmation':
      return {
        text: `Step ${state.stepsDone + 1} (${state.awaitingStep}) is destructive on its own. ${state.requester}: type the node's name once more to run it — \`/rmq confirm ${state.id} ${state.node}\`.`,
        buttons: [{ actionId: RUNBOOK_CONFIRM, label: 'Type the name to confirm', value: state.id, style: 'danger' }, abort],
      };
    case 'ready':
      return state.failedStep
        ? { text: `Stopped at step ${state.stepsDone + 1} (${state.failedStep}). Fix what it says, then \`/rmq runbook ${state.id} --resume\`, or abort.`, buttons: [abort] }
        : { text: `Stopped before step ${state.stepsDone + 1}; \`/rmq runbook ${state.id} --resume\` continues it.`, buttons: [abort] };
    case 'done':
    case 'failed':
    case 'aborted':
      return { text: `${state.closed?.result} — ${state.closed?.detail} (${state.closed?.by}, ${state.closed?.at.toISOString()})`, buttons: [] };
  }
}

/** The chat-neutral reply for a runbook view. */
export function runbookReply(view: RunbookView): Reply {
  const { state } = view;
  const phase = phaseOf(state);
  const head = `${state.id}: ${state.kind} ${state.node} (cluster ${state.cluster}) — ${phase}`;
  if (view.refusal !== null) {
    return { summary: view.refusal, mark: 'warning', ephemeral: true, blocks: [{ kind: 'text', text: view.refusal, mark: 'warning' }, { kind: 'context', text: head }] };
  }
  const next = nextStep(state);
  const blocks: Block[] = [{ kind: 'header', text: head }];
  if (view.preview) {
    blocks.push({
      kind: 'fields',
      title: 'Pre-checks',
      fields: view.preview.checks.map((c) => ({ label: c.name, value: c.detail, mark: c.passed ? 'ok' : 'critical' })),
    });
    for (const warning of view.preview.warnings) blocks.push({ kind: 'text', text: warning, mark: 'critical' });
  }
  if (view.lines.length > 0) blocks.push({ kind: 'preformatted', title: 'Steps', text: view.lines.join('\n') });
  blocks.push({ kind: 'context', text: `Opened by ${state.requester} at ${state.openedAt.toISOString()}; ${state.stepsDone} step(s) verified.` });
  blocks.push({ kind: 'text', text: next.text, mark: markOf[phase] });
  if (next.buttons.length > 0) blocks.push({ kind: 'actions', buttons: next.buttons });
  return { summary: `${head}. ${next.text}`, mark: markOf[phase], blocks };
}

export type RunbookDecision = 'confirmed' | 'approved' | 'aborted';

function decidedBy(state: RunbookState, decision: RunbookDecision): Decided | null {
  const taken = decision === 'confirmed' ? state.confirmed : decision === 'approved' ? state.approved : state.closed;
  if (!taken) return null;
  const what =
    decision === 'confirmed'
      ? `Confirmed ${state.id}${state.level === 'destructive' ? ` (typed ${state.node})` : ''}`
      : `${decision === 'approved' ? 'Approved' : 'Aborted'} ${state.id}`;
  return { by: taken.by, what, at: taken.at.toISOString() };
}

/** The reply to a decision button: the runbook as it now stands, and the decision that replaces the pressed buttons. */
export function runbookDecisionReply(view: RunbookView, decision: RunbookDecision): Reply {
  const reply = runbookReply(view);
  const decided = view.refusal === null ? decidedBy(view.state, decision) : null;
  return decided ? { ...reply, decided } : reply;
}
