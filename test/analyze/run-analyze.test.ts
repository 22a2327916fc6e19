import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { analysisReportSchema } from '../../src/analyze/analysis-report';
import { EXIT } from '../../src/analyze/run-analyze';
import { readFixture } from '../helpers/fixtures';
import { runAnalyzeCli } from '../helpers/run-analyze-cli';

const FIXTURES = join(__dirname, '..', 'fixtures');

const run = runAnalyzeCli;

const leftDirs: string[] = [];
const afterTestRemove = (dir: string): void => void leftDirs.push(dir);
afterEach(() => leftDirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

const fixturesIn = (dir: string): string[] =>
  existsSync(join(FIXTURES, dir)) ? readdirSync(join(FIXTURES, dir)).filter((name) => name.endsWith('.txt')).map((name) => `${dir}/${name}`) : [];

const ALL_FIXTURES = ['logs', 'logs/lab-3.10.8', 'status', 'cluster_status', 'lab-3.10.8', 'seed'].flatMap(fixturesIn);

describe('rmq-bot analyze --json', () => {
  it.each(ALL_FIXTURES)('%s validates against the contract', async (file) => {
    const text = readFixture(file);
    const { code, stdout } = await run(['--json', '-'], text);
    // Some captures are empty files (a command that printed nothing on that stream).
    expect(code).toBe(text === '' ? EXIT.dataError : EXIT.ok);
    const report = analysisReportSchema.strict().parse(JSON.parse(stdout));
    expect(report.inputs).toHaveLength(1);
    for (const finding of report.inputs[0]!.findings) expect(finding.node ?? '').not.toMatch(/'/);
  });

  it('detects the kind of each input and keeps them apart', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'analyze-'));
    afterTestRemove(dir);
    const log = join(dir, 'node1.txt');
    const cluster = join(dir, 'cluster.txt');
    writeFileSync(log, readFixture('seed/000_084faf424ea27794.txt'));
    writeFileSync(cluster, readFixture('cluster_status/3.6.10-cluster_status-partitioned-isolated-node.txt'));
    const { code, stdout } = await run(['--json', log, cluster]);
    expect(code).toBe(EXIT.ok);
    const { inputs } = analysisReportSchema.parse(JSON.parse(stdout));
    expect(inputs.map((input) => [input.source, input.kind])).toEqual([[log, 'log'], [cluster, 'cluster_status']]);
    expect(inputs[0]?.findings.find((f) => f.signature === 'queue-home-node-down')).toEqual(
      expect.objectContaining({ node: 'rabbit@qc-moses-rmq-bak-7', subject: { node: 'rabbit@qc-moses-rmq-bak-7', queue: 'base.moses.task4', vhost: 'moses' }, count: 3, firstTime: '2016-08-17T14:15:12', lastTime: '2016-08-17T14:26:45' }),
    );
    expect(inputs[1]?.cluster?.partitions[0]).toEqual(expect.objectContaining({ node: 'rabbit@ribbit-0' }));
    expect(inputs[1]?.findings.map((f) => f.signature)).toContain('network-partition');
  });

  it('prints findings for people without --json', async () => {
    const { code, stdout } = await run(['-'], readFixture('logs/lab-3.10.8/61_dead3_survivor_log_rabbit1.txt'));
    expect(code).toBe(EXIT.ok);
    expect(stdout).toContain("[queue-home-node-down] queue home node down: queue 'cq.home3', in vhost '/', node rabbit3@localhost");
    expect(stdout).toContain('next: Bring the home node back');
  });
});

describe('rmq-bot analyze on bad input', () => {
  it.each([
    ['empty input', '', /empty/],
    ['binary input', Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7) % 32)), /binary/],
  ])('%s gets a clear message and a non-zero exit', async (_name, input, message) => {
    const { code, stdout, stderr } = await run(['--json', '-'], input);
    expect(code).toBe(EXIT.dataError);
    expect(JSON.parse(stdout).inputs[0].error).toMatch(message);
    expect(stderr).toMatch(message);
  });

  it('names a missing file, and a directory without RabbitMQ files, instead of throwing', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'analyze-empty-'));
    afterTestRemove(empty);
    const { code, stdout } = await run(['/nonexistent/rabbit.log', empty]);
    expect(code).toBe(EXIT.noInput);
    expect(stdout).toContain('/nonexistent/rabbit.log: no such file');
    expect(stdout).toContain(`${empty}: no RabbitMQ logs or rabbitmqctl output found in this bundle`);
  });

  it.each([[[]], [['--frobnicate', 'x']], [['-', '-']]])('rejects the usage %j', async (argv) => {
    const { code, stderr } = await run(argv);
    expect(code).toBe(EXIT.usage);
    expect(stderr).toContain('usage: rmq-bot analyze');
  });
});
