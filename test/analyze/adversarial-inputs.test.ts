import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { analysisReportSchema } from '../../src/analyze/analysis-report';
import { EXIT, runAnalyze } from '../../src/analyze/run-analyze';
import { craftedLogs } from '../fixtures/adversarial/crafted-logs';

jest.setTimeout(120_000);

const FIXTURES = join(__dirname, '..', 'fixtures', 'adversarial');

/** What each crafted record is, read correctly: the signature it carries, and the encoding it came in. */
const expected: Readonly<Record<string, { findings: [string, Record<string, string>][]; encoding?: string }>> = {
  'unclosed-tables-list': { findings: [['mnesia-tables-timeout', {}]] },
  'whitespace-runs': { findings: [['node-down', { node: 'rabbit@n1' }]] },
  'endless-line': { findings: [['mnesia-tables-timeout', {}]] },
  'repeated-list-openers': { findings: [['mnesia-tables-timeout', {}]] },
  'utf-16le-bom': { findings: [['node-down', { node: 'rabbit3@localhost' }]], encoding: 'utf-16le' },
  'utf-16be-no-bom': { findings: [['node-down', { node: 'rabbit3@localhost' }]], encoding: 'utf-16be' },
};

describe('rmq-bot analyze on the crafted records (test/fixtures/adversarial), each in the worker within its default budget', () => {
  it('reads every one correctly, none stopped at its budget', async () => {
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    const out: Buffer[] = [];
    stdout.on('data', (chunk: Buffer) => out.push(chunk));
    const files = craftedLogs.map((crafted) => join(FIXTURES, `${crafted.name}.log`));
    const code = await runAnalyze(['--json', ...files], { stdin: new PassThrough(), stdout, stderr });
    const report = analysisReportSchema.strict().parse(JSON.parse(Buffer.concat(out).toString('utf8')));
    expect(code).toBe(EXIT.ok);
    const read = Object.fromEntries(
      report.inputs.map((input, i) => [
        craftedLogs[i]?.name,
        { findings: input.findings.map((f) => [f.signature, f.subject]), ...(input.encoding === undefined ? {} : { encoding: input.encoding }) },
      ]),
    );
    expect(read).toEqual(expected);
  });
});
