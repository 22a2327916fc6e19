/**
 * The subset of Block Kit this bot produces. Narrower than @slack/types' KnownBlock on purpose: the
 * limits checker and the golden-text printer can then handle every case exhaustively.
 */
export interface MrkdwnText {
  readonly type: 'mrkdwn';
  readonly text: string;
}

export interface PlainText {
  readonly type: 'plain_text';
  readonly text: string;
  readonly emoji?: boolean;
}

export interface SlackConfirm {
  readonly title: PlainText;
  readonly text: PlainText;
  readonly confirm: PlainText;
  readonly deny: PlainText;
  readonly style: 'primary' | 'danger';
}

export interface SlackButton {
  readonly type: 'button';
  readonly action_id: string;
  readonly text: PlainText;
  readonly value: string;
  readonly style?: 'primary' | 'danger';
  readonly confirm?: SlackConfirm;
}

export type SlackBlock =
  | { readonly type: 'header'; readonly text: PlainText }
  | { readonly type: 'section'; readonly text: MrkdwnText }
  | { readonly type: 'section'; fields: MrkdwnText[] }
  | { readonly type: 'context'; elements: MrkdwnText[] }
  | { readonly type: 'actions'; elements: SlackButton[] }
  | { readonly type: 'divider' };

export interface SlackMessage {
  /** Notification and screen-reader fallback; Slack shows it where blocks cannot be shown. */
  readonly text: string;
  readonly blocks: SlackBlock[];
}

/** Text too long for a message, attached to the thread as a file. */
export interface SlackFile {
  readonly filename: string;
  readonly title: string;
  /** Text goes up as `content`, pictures as bytes. */
  readonly content: string | Buffer;
}

/** Every character of text a block carries: Slack's undocumented per-message budget counts these. */
export function blockTextLength(block: SlackBlock): number {
  switch (block.type) {
    case 'header':
      return block.text.text.length;
    case 'section':
      return 'text' in block ? block.text.text.length : block.fields.reduce((n, f) => n + f.text.length, 0);
    case 'context':
      return block.elements.reduce((n, e) => n + e.text.length, 0);
    case 'actions':
      return block.elements.reduce(
        (n, b) => n + b.text.text.length + b.value.length + (b.confirm ? b.confirm.title.text.length + b.confirm.text.text.length : 0),
        0,
      );
    case 'divider':
      return 0;
  }
}
