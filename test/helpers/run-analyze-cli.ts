import { PassThrough, Readable } from 'stream';
import { runAnalyze } from '../../src/analyze/run-analyze';

/** `rmq-bot analyze ARGV` in process, with stdin given and stdout/stderr captured. */
export const runAnalyzeCli = async (argv: string[], stdin: Buffer | string = '') => {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  stdout.on('data', (chunk: Buffer) => out.push(chunk));
  stderr.on('data', (chunk: Buffer) => err.push(chunk));
  const code = await runAnalyze(argv, { stdin: Readable.from([Buffer.from(stdin)]), stdout, stderr });
  return { code, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') };
};
