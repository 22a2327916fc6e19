import { err, ok, type Result } from '../result';
import type { CommandInput } from './types';

export interface CommandLine {
  readonly name: string;
  readonly input: CommandInput;
}

export type CommandLineError = { readonly kind: 'empty' } | { readonly kind: 'unbalanced-quote' };

/**
 * Splits chat text into words. Quotes group words (`--grep "home node"`); there is no escaping and
 * no expansion: these words are data, they never reach a shell.
 */
export function splitWords(text: string): Result<string[], CommandLineError> {
  const words: string[] = [];
  let current = '';
  let inWord = false;
  let quote: '"' | "'" | null = null;
  // Slack turns typed quotes into curly ones; treat them as the plain ones people meant.
  const normalized = text.replace(/[\u201c\u201d]/g, '"').replace(/[\u2018\u2019]/g, "'");
  for (const ch of normalized) {
    if (quote) {
      if (ch === quote) quote = null;
      else current += ch;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
      inWord = true;
    } else if (/\s/.test(ch)) {
      if (inWord) words.push(current);
      current = '';
      inWord = false;
    } else {
      current += ch;
      inWord = true;
    }
  }
  if (quote) return err({ kind: 'unbalanced-quote' });
  if (inWord) words.push(current);
  return ok(words);
}

/** Parses `/rmq status lab --lines 50` or `status lab --lines 50` (Slack drops the command word). */
export function parseCommandLine(text: string): Result<CommandLine, CommandLineError> {
  const split = splitWords(text.trim());
  if (!split.ok) return split;
  const words = split.value[0] === '/rmq' ? split.value.slice(1) : split.value;
  const [name, ...rest] = words;
  if (name === undefined) return err({ kind: 'empty' });
  const positional: string[] = [];
  const flags: Record<string, string | true> = {};
  for (let i = 0; i < rest.length; i++) {
    const word = rest[i] as string;
    if (word.startsWith('--') && word.length > 2) {
      const eq = word.indexOf('=');
      if (eq > 2) {
        flags[word.slice(2, eq)] = word.slice(eq + 1);
        continue;
      }
      const next = rest[i + 1];
      if (next !== undefined && !next.startsWith('--')) {
        flags[word.slice(2)] = next;
        i++;
      } else {
        flags[word.slice(2)] = true;
      }
    } else {
      positional.push(word);
    }
  }
  return ok({ name: name.toLowerCase(), input: { positional, flags } });
}
