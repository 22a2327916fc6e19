import type { ConfirmDialog, Reply } from '../../reply/model';

/**
 * Slack shows a button's confirm dialog before the click leaves the client; the console asks the
 * same question in text and takes the next line as the answer, so a dangerous step is never one
 * keystroke away in either chat.
 */
export function confirmPrompt(dialog: ConfirmDialog): Reply {
  return {
    summary: dialog.title,
    ephemeral: true,
    mark: 'warning',
    blocks: [
      { kind: 'text', text: dialog.title, mark: 'warning' },
      { kind: 'text', text: dialog.text },
      { kind: 'context', text: `Type yes to ${dialog.confirmLabel}; anything else is ${dialog.denyLabel}.` },
    ],
  };
}

export const confirmsPrompt = (line: string): boolean => line.trim().toLowerCase() === 'yes';

export function cancelled(dialog: ConfirmDialog): Reply {
  const text = `${dialog.denyLabel}: nothing was run.`;
  return { summary: text, ephemeral: true, blocks: [{ kind: 'text', text }] };
}
