import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { quoteWord, toRemoteCommand } from '../../src/transport/remote-command';
import type { Argv } from '../../src/transport/types';

/** Runs the produced string the way sshd does (login shell `-c`), in an empty scratch directory. */
function runInShell(argv: Argv, cwd: string, shell = '/bin/sh'): string {
  const command = toRemoteCommand(argv);
  if (!command.ok) throw new Error(command.error.message);
  return execFileSync(shell, ['-c', command.value], { cwd, encoding: 'utf8' });
}

// dash is /bin/sh here; bash is root's login shell, the one sshd actually runs.
const shells = ['/bin/sh', '/bin/bash'];

/** Each word printed NUL-terminated, so any word comes back verifiably (printf repeats its format per argument, so at least one). */
const echoWords = (words: readonly string[]): Argv => ['printf', '%s\\0', ...words];
const splitWords = (output: string): string[] => output.split('\0').slice(0, -1);

const hostile = [
  '; rm -rf /',
  '$(id)',
  '`id`',
  "it's",
  "'",
  "''",
  '"',
  '"$HOME"',
  '&& touch pwned',
  '| touch pwned',
  '> pwned',
  '* ? [a-z]',
  '~root',
  'two words',
  '  ',
  '',
  '\\',
  "\\'",
  '${IFS}',
  '#comment',
  '-n',
  '%s',
  'tab\there',
  'ünïcødé ✓ 🐇 Ω',
  "'; touch pwned; echo '",
  '!!',
];

describe('toRemoteCommand', () => {
  let scratch: string;
  beforeAll(() => {
    scratch = mkdtempSync(path.join(os.tmpdir(), 'rmq-bot-quote-'));
  });
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it('quotes every word in single quotes and escapes the quote itself', () => {
    expect(quoteWord("it's")).toBe(`'it'\\''s'`);
    expect(toRemoteCommand(['rabbitmqctl', '-n', 'rabbit@h'])).toEqual({ ok: true, value: `'rabbitmqctl' '-n' 'rabbit@h'` });
  });

  it.each(hostile)('delivers %j to the command intact and runs nothing else', (word) => {
    for (const shell of shells) expect(splitWords(runInShell(echoWords([word]), scratch, shell))).toEqual([word]);
    expect(readdirSync(scratch)).toEqual([]);
  });

  it.each(shells)('keeps word boundaries when all hostile words travel together (%s)', (shell) => {
    expect(splitWords(runInShell(echoWords(hostile), scratch, shell))).toEqual(hostile);
    expect(readdirSync(scratch)).toEqual([]);
  });

  it('round-trips arbitrary strings through /bin/sh', () => {
    // Random text laced with shell syntax, so most runs hit quoting edge cases, not just letters.
    const shellSyntax = fc.constantFrom("'", '"', '$', '`', ';', '&', '|', '\\', '*', ' ', '(', ')', '{', '}', '#', '~', '$(touch pwned)', "'\\''");
    const piece = fc.oneof(shellSyntax, fc.string({ unit: 'binary', maxLength: 6 }));
    const word = fc.array(piece, { maxLength: 8 }).map((pieces) => pieces.join('')).filter((s) => !/[\0\n\r]/.test(s));
    fc.assert(
      fc.property(fc.array(word, { minLength: 1, maxLength: 5 }), (words) => {
        expect(splitWords(runInShell(echoWords(words), scratch))).toEqual(words);
      }),
      { numRuns: 150 },
    );
    expect(readdirSync(scratch)).toEqual([]);
  });

  it.each([
    ['NUL', 'a\0b', 'nul'],
    ['newline', 'line\n; touch pwned', 'newline'],
    ['carriage return', 'line\r', 'newline'],
  ])('refuses a word with a %s as a typed error', (_label, word, reason) => {
    expect(toRemoteCommand(['printf', word])).toEqual({
      ok: false,
      error: { kind: 'unsafe-argv', reason, wordIndex: 1, message: expect.stringContaining('argument 1') },
    });
  });

  it('refuses any argv with a NUL or line break somewhere', () => {
    const withBreak = fc.tuple(fc.string(), fc.constantFrom('\0', '\n', '\r'), fc.string()).map(([a, bad, b]) => a + bad + b);
    fc.assert(
      fc.property(fc.array(fc.string(), { maxLength: 3 }), withBreak, (words, bad) => {
        expect(toRemoteCommand([...words, bad]).ok).toBe(false);
      }),
    );
  });

  it('refuses an empty argv', () => {
    expect(toRemoteCommand([])).toMatchObject({ ok: false, error: { reason: 'empty-argv' } });
  });
});
