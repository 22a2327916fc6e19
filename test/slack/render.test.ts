import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { renderEphemeralReply, renderFinalReply, renderProgressMessage } from '../../src/chat/slack/render-reply';
import { blockTextLength, type SlackBlock, type SlackMessage } from '../../src/chat/slack/slack-blocks';
import { slackLimits } from '../../src/chat/slack/slack-limits';
import { renderedAsText } from './blocks-as-text';
import type { Reply } from '../../src/reply/model';
import { replyCatalog } from './replies';

/** Every Slack limit the renderer promises, checked block by block; returns the violations. */
function limitViolations(message: SlackMessage): string[] {
  const v: string[] = [];
  const check = (ok: boolean, what: string) => ok || v.push(what);
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

function expectGolden(name: string, text: string): void {
  const file = path.join(__dirname, 'golden', `${name}.txt`);
  if (process.env.UPDATE_GOLDEN === '1') writeFileSync(file, text);
  expect(text).toBe(readFileSync(file, 'utf8'));
}

describe.each(Object.keys(replyCatalog))('reply %s', (name) => {
  it('renders within Slack limits (final, ephemeral, progress) and matches its golden rendering', async () => {
    const reply = await (replyCatalog[name] as () => Promise<Reply>)();
    const final = renderFinalReply(reply);
    for (const m of final.messages) expect(limitViolations(m)).toEqual([]);
    for (const m of renderEphemeralReply(reply).messages) expect(limitViolations(m)).toEqual([]);
    expect(limitViolations(renderProgressMessage(reply))).toEqual([]);
    expectGolden(name, renderedAsText(final));
  });
});

describe('renderer details', () => {
  it('escapes Erlang pids and shows a NUL run as one marker', async () => {
    const rendered = renderFinalReply((replyCatalog['findings-long'] as () => Reply)());
    const text = JSON.stringify(rendered.messages);
    expect(text).toContain('&lt;0.20289.4916&gt;');
    expect(text).not.toContain('<0.20289');
    expect(rendered.files).toHaveLength(1);
    expect(rendered.files[0]?.content).toContain('\u0000'.repeat(4096));
  });

  it('splits the 30-node status over messages with part notes, and keeps every node', async () => {
    const rendered = renderFinalReply(await (replyCatalog['status-30-nodes-all-alarms'] as () => Reply)());
    const all = JSON.stringify(rendered.messages);
    for (let i = 1; i <= 30; i++) expect(all).toContain(`rabbit@qc-moses-rmq-bak-${i}*`);
    expect(rendered.messages.length).toBeGreaterThan(1);
    rendered.messages.slice(1).forEach((message, i) => expect(JSON.stringify(message)).toContain(`Part ${i + 2} of ${rendered.messages.length}`));
  });

  it('gives destructive buttons a danger confirm dialog and unique wire ids', () => {
    const rendered = renderFinalReply((replyCatalog['recovery-choices'] as () => Reply)());
    const actions = rendered.messages[0]?.blocks.find((b) => b.type === 'actions');
    if (actions?.type !== 'actions') throw new Error(`no actions block in ${JSON.stringify(rendered.messages[0]?.blocks)}`);
    const evict = actions.elements.find((e) => e.action_id.startsWith('node.evict'));
    expect(evict?.style).toBe('danger');
    expect(evict?.confirm?.style).toBe('danger');
    expect(evict?.confirm?.text.text.endsWith('…')).toBe(true);
  });
});
