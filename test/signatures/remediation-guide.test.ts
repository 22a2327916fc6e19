import { readFileSync } from 'fs';
import { join } from 'path';
import { analysisReportSchema } from '../../src/analyze/analysis-report';
import { signatureCatalog } from '../../src/signatures/catalog';
import { REMEDIATION_GUIDE } from '../../src/signatures/remediation-link';
import { readFixture } from '../helpers/fixtures';
import { runAnalyzeCli } from '../helpers/run-analyze-cli';

const guide = readFileSync(join(__dirname, '..', '..', REMEDIATION_GUIDE), 'utf8');

/** The guide's sections by heading (the heading is the anchor), each with the RabbitMQ docs page it names. */
const sections = new Map(
  guide
    .split(/^## /m)
    .slice(1)
    .map((section) => [section.split('\n', 1)[0]!.trim(), /RabbitMQ docs: (https:\/\/\S+)/.exec(section)?.[1] ?? null] as const),
);

describe('the remediation guide (docs/remediation.md)', () => {
  it.each(signatureCatalog.map((signature) => [signature.id, signature] as const))('has a section for %s, naming the same RabbitMQ docs page', (id, signature) => {
    expect(sections.has(id)).toBe(true);
    expect(sections.get(id)).toBe(signature.docsUrl ?? null);
  });

  it('is what next steps point at: none cites the research note\'s section numbers any more', () => {
    expect(signatureCatalog.filter((signature) => /remediation §/.test(signature.nextStep)).map((signature) => signature.id)).toEqual([]);
  });

  it('links each finding of analyze --json to its section and docs page', async () => {
    const { stdout } = await runAnalyzeCli(['--json', '-'], readFixture('logs2/queue-not-found-java-client-side.txt'));
    const [finding] = analysisReportSchema.strict().parse(JSON.parse(stdout)).inputs[0]!.findings;
    expect(finding?.remediation).toEqual({ guide: 'docs/remediation.md#queue-not-found', docs: 'https://www.rabbitmq.com/docs/queues' });
  });

  it('prints where to read next under an active finding', async () => {
    const { stdout } = await runAnalyzeCli(['-'], readFixture('logs2/client-frame-too-large-3.6.5.txt'));
    expect(stdout).toContain('see:  docs/remediation.md#client-frame-error · https://www.rabbitmq.com/docs/networking');
  });
});
