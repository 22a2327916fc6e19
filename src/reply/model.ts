/**
 * The chat-neutral reply every command returns. Renderers (console, Slack Block Kit) draw it; nothing
 * in here knows about a chat platform. Keep it data only so replies can be stored on the timeline
 * and re-rendered later (postmortem export).
 */
export type StatusMark = 'ok' | 'warning' | 'critical' | 'unknown' | 'pending';

export interface Field {
  readonly label: string;
  readonly value: string;
  readonly mark?: StatusMark;
}

export interface ConfirmDialog {
  readonly title: string;
  readonly text: string;
  readonly confirmLabel: string;
  readonly denyLabel: string;
}

/**
 * Pressing the button first asks the presser to type a word (the target's name): a modal in Slack.
 * The typed word goes to the action, whose own rules decide whether it is right.
 */
export interface TypedConfirmation {
  /** Short: Slack cuts a modal title at 24 characters. */
  readonly title: string;
  /** What is about to happen and why the name is asked for. */
  readonly text: string;
  readonly label: string;
  readonly submitLabel: string;
}

export interface Button {
  /** Action id routed to an action handler, e.g. `status.refresh`. */
  readonly actionId: string;
  readonly label: string;
  /** Opaque payload handed back to the action handler (JSON text, kept small). */
  readonly value: string;
  readonly style?: 'primary' | 'danger';
  readonly confirm?: ConfirmDialog;
  readonly typed?: TypedConfirmation;
}

/** A decision taken with a button: chats replace the buttons it answered by who decided what, when. */
export interface Decided {
  readonly by: string;
  /** e.g. `Confirmed RB-7 (typed rabbit3@host)`. */
  readonly what: string;
  /** ISO-8601 UTC; each chat shows it in its own zone. */
  readonly at: string;
}

export type Block =
  | { readonly kind: 'header'; readonly text: string }
  | { readonly kind: 'text'; readonly text: string; readonly mark?: StatusMark }
  | { readonly kind: 'fields'; readonly title?: string; readonly mark?: StatusMark; readonly fields: readonly Field[] }
  | { readonly kind: 'table'; readonly title?: string; readonly columns: readonly string[]; readonly rows: readonly (readonly string[])[] }
  | { readonly kind: 'preformatted'; readonly title?: string; readonly text: string }
  | { readonly kind: 'context'; readonly text: string }
  | { readonly kind: 'actions'; readonly buttons: readonly Button[] }
  /** A picture (a chart), as base64 PNG so the reply stays plain data; chat platforms attach it as a file. */
  | { readonly kind: 'image'; readonly title: string; readonly filename: string; readonly pngBase64: string }
  | { readonly kind: 'divider' };

export interface Reply {
  /** One line that stands alone: notifications, the Slack `text` fallback, the timeline. */
  readonly summary: string;
  readonly blocks: readonly Block[];
  /** Overall mark of the reply, for colour and for the timeline. */
  readonly mark?: StatusMark;
  /** Shown only to the person who asked (refusals, usage errors). */
  readonly ephemeral?: boolean;
  /** Set when this reply records a decision on the buttons that were pressed for it. */
  readonly decided?: Decided;
}

export const markSymbol: Record<StatusMark, string> = {
  ok: '✔',
  warning: '▲',
  critical: '✖',
  unknown: '?',
  pending: '…',
};

/** The mark of a set of things is the worst of their marks. */
export function worstMark(marks: readonly StatusMark[]): StatusMark {
  const order: StatusMark[] = ['critical', 'warning', 'unknown', 'pending', 'ok'];
  for (const m of order) if (marks.includes(m)) return m;
  return 'ok';
}

export function textReply(summary: string, options: { mark?: StatusMark; ephemeral?: boolean } = {}): Reply {
  return { summary, blocks: [{ kind: 'text', text: summary, ...(options.mark ? { mark: options.mark } : {}) }], ...options };
}
