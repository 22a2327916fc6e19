import type { ConfirmDialog, Reply, TypedConfirmation } from '../../reply/model';

/**
 * Slack shows a button's confirm dialog before the click leaves the client; the console asks the
 * same question in text and takes the next line as the answer, so a dangerous step is never one
 * keystroke away in either chat.
 */
export function confirmPrompt(dialog: ConfirmDialog): Reply {
  return question(dialog.title, dialog.text, `Type yes to ${dialog.confirmLabel}; anything else is ${dialog.denyLabel}.`);
}

/** A question only the presser sees, whose answer is the next line. */
function question(title: string, text: string, howToAnswer: string): Reply {
  return {
    summary: title,
    ephemeral: true,
    mark: 'warning',
    blocks: [
      { kind: 'text', text: title, mark: 'warning' },
      { kind: 'text', text },
      { kind: 'context', text: howToAnswer },
    ],
  };
}

export const confirmsPrompt = (line: string): boolean => line.trim().toLowerCase() === 'yes';

export function cancelled(dialog: ConfirmDialog): Reply {
  const text = `${dialog.denyLabel}: nothing was run.`;
  return { summary: text, ephemeral: true, blocks: [{ kind: 'text', text }] };
}

/**
 * A destructive button's second question, as Slack's modal asks it: the next line is the typed
 * word, handed to the action, whose own rules (the runbook engine's) decide whether it is right.
 */
export function typedPrompt(typed: TypedConfirmation): Reply {
  return question(typed.title, typed.text, `${typed.label}: type it on the next line to ${typed.submitLabel}.`);
}
