import { PassThrough } from 'node:stream';
import { main } from '../../src/cli/main';

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `rmq-bot ARGV…` in this process with `input` on stdin; resolves with the exit code and both outputs. */
export async function runCliInProcess(argv: string[], input = ''): Promise<CliRun> {
  const stdin = new PassThrough();
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out: string[] = [];
  const errors: string[] = [];
  stdout.on('data', (c: Buffer) => out.push(c.toString()));
  stderr.on('data', (c: Buffer) => errors.push(c.toString()));
  stdin.end(input);
  const code = await main(argv, { stdin, stdout, stderr, interactive: false });
  return { code, stdout: out.join(''), stderr: errors.join('') };
}
