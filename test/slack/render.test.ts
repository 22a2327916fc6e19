import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { renderEphemeralReply, renderFinalReply, renderProgressMessage } from '../../src/chat/slack/render-reply';
import { renderedAsText } from './blocks-as-text';
import type { Reply } from '../../src/reply/model';
import { replyCatalog } from './replies';
import { limitViolations } from './slack-limit-violations';

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
