import { blockTextLength, type SlackBlock, type SlackMessage } from '../../src/chat/slack/slack-blocks';
import { slackLimits } from '../../src/chat/slack/slack-limits';

/** Every Slack limit the renderer promises, checked block by block; returns the violations. */
export function limitViolations(message: SlackMessage): string[] {
  const v: string[] = [];
  const check = (ok: boolean, what: string) => ok || v.push(what);
  check(message.blocks.length >= 1, 'no blocks (Slack shows a blank message)');
  check(message.blocks.length <= slackLimits.blocksPerMessage, `${message.blocks.length} blocks`);
  check(message.text.length <= 3000, 'fallback text too long');
  check(message.blocks.reduce((n, b) => n + blockTextLength(b), 0) <= slackLimits.blockTextPerMessage, 'block text over budget');
  message.blocks.forEach((b: SlackBlock, i) => {
    switch (b.type) {
      case 'header':
        check(b.text.text.length <= slackLimits.headerText, `header ${i}`);
        break;
      case 'section':
        if ('text' in b) check(b.text.text.length <= slackLimits.sectionText, `section ${i}: ${b.text.text.length}`);
        else {
          check(b.fields.length <= slackLimits.fieldsPerSection, `fields ${i}: ${b.fields.length}`);
          for (const f of b.fields) check(f.text.length <= slackLimits.fieldText, `field in ${i}`);
        }
        break;
      case 'context':
        check(b.elements.length <= slackLimits.contextElements, `context ${i}`);
        for (const e of b.elements) check(e.text.length <= slackLimits.contextText, `context text ${i}`);
        break;
      case 'actions':
        check(b.elements.length <= slackLimits.actionsElements, `actions ${i}`);
        check(new Set(b.elements.map((e) => e.action_id)).size === b.elements.length, `duplicate action_id in ${i}`);
        for (const e of b.elements) {
          check(e.text.text.length <= slackLimits.buttonText, `button text ${e.action_id}`);
          check(e.value.length <= slackLimits.buttonValue, `button value ${e.action_id}`);
          if (e.confirm) {
            check(e.confirm.title.text.length <= slackLimits.confirmTitle, `confirm title ${e.action_id}`);
            check(e.confirm.text.text.length <= slackLimits.confirmText, `confirm text ${e.action_id}`);
            check(e.confirm.confirm.text.length <= slackLimits.confirmButton && e.confirm.deny.text.length <= slackLimits.confirmButton, `confirm buttons ${e.action_id}`);
          }
        }
        break;
      case 'divider':
        break;
    }
  });
  return v;
}
