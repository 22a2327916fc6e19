import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import { buildRegistry } from '../../src/app/build-registry';
import { addToTimelineCallbackId, botEvents, inboundScopes, slashCommand, webApiMethodScopes } from '../../src/chat/slack/app-surface';

const root = path.join(__dirname, '..', '..');
const manifestText = readFileSync(path.join(root, 'manifest.yml'), 'utf8');

const manifestSchema = z.object({
  features: z.object({
    bot_user: z.object({ display_name: z.string().min(1) }),
    slash_commands: z.array(z.object({ command: z.string(), description: z.string().min(1), usage_hint: z.string().min(1) })),
    shortcuts: z.array(z.object({ name: z.string().min(1), type: z.enum(['message', 'global']), callback_id: z.string(), description: z.string().min(1) })),
  }),
  oauth_config: z.object({ scopes: z.object({ bot: z.array(z.string()) }) }),
  settings: z.object({
    interactivity: z.object({ is_enabled: z.literal(true) }),
    event_subscriptions: z.object({ bot_events: z.array(z.string()) }),
    socket_mode_enabled: z.boolean(),
  }),
});
const manifest = manifestSchema.parse(parse(manifestText));

/** Web API methods named in the Slack adapter's sources, e.g. `client.chat.postMessage(`. */
function methodsCalledInCode(): Set<string> {
  const dir = path.join(root, 'src', 'chat', 'slack');
  const found = new Set<string>();
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.ts'))) {
    const text = readFileSync(path.join(dir, file), 'utf8');
    for (const m of text.matchAll(/client\.((?:auth|chat|files|usergroups|views|conversations|users|apps)\.[a-zA-Z]+(?:\.[a-zA-Z]+)?)\(/g)) found.add(m[1] as string);
    // filesUploadV2 is the client's wrapper around the two-step external upload.
    if (/\.filesUploadV2\(/.test(text)) ['files.getUploadURLExternal', 'files.completeUploadExternal'].forEach((m) => found.add(m));
  }
  return found;
}

describe('manifest.yml agrees with the code', () => {
  it('declares the slash command the app listens to, with a description and usage hint', () => {
    expect(manifest.features.slash_commands.map((c) => c.command)).toEqual([slashCommand]);
  });

  it("names every registered subcommand in the command's usage hint", () => {
    const hint = manifest.features.slash_commands[0]?.usage_hint ?? '';
    const named = hint.split('|').map((part) => part.trim().split(/\s+/)[0]);
    expect(named).toEqual([...buildRegistry().commands.keys()]);
  });

  it('lists exactly the bot scopes the code needs', () => {
    const needed = new Set<string>([...Object.values(inboundScopes), ...Object.values(webApiMethodScopes).flatMap((s) => (s === null ? [] : typeof s === 'string' ? [s] : s))]);
    expect(new Set(manifest.oauth_config.scopes.bot)).toEqual(needed);
  });

  it('knows the scope of every Web API method the code calls', () => {
    const called = methodsCalledInCode();
    expect(called.size).toBeGreaterThan(4);
    for (const method of called) expect(Object.keys(webApiMethodScopes)).toContain(method);
  });

  it('says next to each scope which call needs it', () => {
    const lines = manifestText.split('\n');
    for (const scope of manifest.oauth_config.scopes.bot) {
      const at = lines.findIndex((l) => l.trim() === `- ${scope}`);
      expect(lines[at - 1]?.trim().startsWith('#')).toBe(true);
    }
  });

  it('subscribes to exactly the events the app listens to, and declares its message shortcut', () => {
    expect(manifest.settings.event_subscriptions.bot_events).toEqual([...botEvents]);
    expect(manifest.features.shortcuts).toEqual([expect.objectContaining({ type: 'message', callback_id: addToTimelineCallbackId })]);
  });

  it('enables interactivity and Socket Mode', () => {
    expect(manifest.settings.socket_mode_enabled).toBe(true);
  });
});
