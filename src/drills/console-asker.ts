import { PassThrough, Writable } from 'node:stream';
import { runConsoleCommand } from '../cli/console-command';

/**
 * The bot's console contract, driven as a responder types into it: one line in, one plain-text
 * reply out. It is `rmq-bot console --config FILE` itself (the same function, piped streams), kept
 * open for the whole drill so each answer costs what it costs a responder, not a process start.
 */
export interface ConsoleAsker {
  ask(line: string): Promise<string>;
  /** Ends the input as a pipe would; resolves with the console's exit code. */
  close(): Promise<number>;
}

export function openConsole(configFile: string): ConsoleAsker {
  const input = new PassThrough();
  const waiting: ((reply: string) => void)[] = [];
  const output = new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      // The console writes each reply in one piece.
      waiting.shift()?.(chunk.toString());
      done();
    },
  });
  const notices = new Writable({ write: (_chunk, _encoding, done) => done() });
  const exit = runConsoleCommand(['--config', configFile], { stdin: input, stdout: output, stderr: notices, interactive: false });
  return {
    ask: (line) =>
      new Promise((resolve, reject) => {
        waiting.push(resolve);
        input.write(`${line}\n`);
        // A console that exits (bad config) will never answer: fail the question instead of hanging.
        void exit.then((code) => reject(new Error(`the console exited (code ${code}) before answering "${line}"`)));
      }),
    close: () => {
      input.end();
      return exit;
    },
  };
}
