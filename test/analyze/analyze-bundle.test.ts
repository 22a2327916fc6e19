import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { gzipSync } from 'zlib';
import { analysisReportSchema, type AnalysisReport } from '../../src/analyze/analysis-report';
import { classifyBundlePath } from '../../src/analyze/bundle-layout';
import { correlateBundle, type BundleInput } from '../../src/analyze/correlate-bundle';
import { EXIT } from '../../src/analyze/run-analyze';
import { tarBundle } from '../helpers/collect-lab-bundle';
import { runAnalyzeCli } from '../helpers/run-analyze-cli';

const BUNDLE = join(__dirname, '..', 'fixtures', 'bundles', 'lab-3.10.8-crash-forget-failed-rejoin');
const [N1, N2, N3] = ['t185850n1@localhost', 't185850n2@localhost', 't185850n3@localhost'];


describe('classifyBundlePath (rabbitmq-collect-env layout)', () => {
  it.each([
    ['./mq1/rabbitmq/logs/rabbit@mq1.log', { role: 'log', host: 'mq1', node: 'rabbit@mq1', gzipped: false }],
    ['mq1/rabbitmq/logs/rabbit@mq1-sasl.log', { role: 'log', host: 'mq1', node: 'rabbit@mq1', gzipped: false }],
    ['mq1/rabbitmq/logs/rabbit@mq1.log.2.gz', { role: 'log', host: 'mq1', node: 'rabbit@mq1', gzipped: true }],
    ['mq1/rabbitmq/logs/startup_err', { role: 'log', host: 'mq1', node: null, gzipped: false }],
    ['mq1/rabbitmq/rabbitmqctl_cluster_status', { role: 'cluster_status', host: 'mq1', node: null, gzipped: false }],
    ['rabbitmq-env-mq2-20260101.tgz:./mq2/rabbitmq/rabbitmqctl_status', { role: 'status', host: 'mq2', node: null, gzipped: false }],
    ['mq1/rabbitmq/rabbitmqctl_report', { role: 'report', host: 'mq1', node: null, gzipped: false }],
    ['mq1/rabbitmq/.info/rabbitmqctl_status', { role: 'skip', host: 'mq1', node: null, gzipped: false }],
    ['mq1/system/dmesg', { role: 'skip', host: 'mq1', node: null, gzipped: false }],
    ['mq1/rabbitmq/etc/rabbitmq.conf', { role: 'skip', host: 'mq1', node: null, gzipped: false }],
  ])('%s', (path, expected) => {
    expect(classifyBundlePath(path)).toEqual(expected);
  });
});

const expectLabStory = (report: AnalysisReport): void => {
  const bundle = report.bundles?.[0];
  expect(bundle?.nodes.map((node) => node.node)).toEqual([N1, N2, N3]);
  expect(bundle?.downOrder).toEqual([{ node: N3, firstTime: '2026-11-30T08:34:07.404559+00:00', seenBy: [N1, N2] }]);
  expect(bundle?.nodes.find((node) => node.node === N3)?.problems.map((problem) => problem.signature)).toEqual(['boot-failed', 'inconsistent-cluster']);
  expect(bundle?.conclusions[0]?.summary).toBe(`${N3} went down first at 2026-11-30T08:34:07.404559+00:00, seen by ${N1}, ${N2}`);
  // Empty files (the unused upgrade logs) are left out; every other RabbitMQ file is one input.
  expect(report.inputs).toHaveLength(9);
  expect(report.inputs.filter((input) => input.kind === 'cluster_status').map((input) => input.cluster?.node).sort()).toEqual([N1, N2]);
};

describe('rmq-bot analyze on a support bundle captured from a real lab', () => {
  it('reads a directory as one correlated report', async () => {
    const { code, stdout } = await runAnalyzeCli(['--json', BUNDLE]);
    expect(code).toBe(EXIT.ok);
    expectLabStory(analysisReportSchema.strict().parse(JSON.parse(stdout)));
  });

  it('reads the same files as a .tar.gz, streamed, with the same story', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bundle-'));
    try {
      const tarball = join(dir, 'rabbitmq-env-lab.tgz');
      tarBundle(BUNDLE, tarball);
      const { code, stdout } = await runAnalyzeCli(['--json', tarball]);
      expect(code).toBe(EXIT.ok);
      const report = analysisReportSchema.strict().parse(JSON.parse(stdout));
      expectLabStory(report);
      expect(report.inputs.map((input) => input.source)).toContain(`${tarball}:t185850n1/rabbitmq/logs/t185850n1@localhost.log`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('prints the cross-node story in text', async () => {
    const { stdout } = await runAnalyzeCli([BUNDLE]);
    expect(stdout).toContain(`Support bundle ${BUNDLE} — 3 nodes: ${N1}, ${N2}, ${N3}`);
    expect(stdout).toContain(`[inconsistent-cluster] ${N3}: inconsistent-cluster (from 2026-11-30T08:34:17.666140+00:00)`);
    expect(stdout).toContain(`${N1} saw ${N3} down in its log at 2026-11-30T08:34:07.408809+00:00`);
  });

  it('reads gzipped rotated logs and per-host archives dropped in one folder', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bundle-'));
    try {
      const log = readFileSync(join(BUNDLE, 't185850n3', 'rabbitmq', 'logs', 't185850n3@localhost.log'));
      mkdirSync(join(dir, 'host3', 'rabbitmq', 'logs'), { recursive: true });
      writeFileSync(join(dir, 'host3', 'rabbitmq', 'logs', 't185850n3@localhost.log.1.gz'), gzipSync(log));
      tarBundle(join(BUNDLE), join(dir, 'rabbitmq-env-lab.tgz'));
      const { code, stdout } = await runAnalyzeCli(['--json', dir]);
      expect(code).toBe(EXIT.ok);
      const report = analysisReportSchema.strict().parse(JSON.parse(stdout));
      const rotated = report.inputs.find((input) => input.source.endsWith('t185850n3@localhost.log.1.gz'));
      expect(rotated?.findings.map((finding) => finding.signature)).toEqual(expect.arrayContaining(['inconsistent-cluster', 'boot-failed']));
      expect(report.inputs).toHaveLength(10);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('says what is wrong with a damaged archive and how to find the damaged file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bundle-'));
    try {
      const tarball = join(dir, 'broken.tar.gz');
      writeFileSync(tarball, 'this is not gzip');
      const { code, stdout } = await runAnalyzeCli(['--json', tarball]);
      expect(code).toBe(EXIT.dataError);
      expect(analysisReportSchema.strict().parse(JSON.parse(stdout)).inputs[0]?.error).toMatch(/bundle read failed: .*gzipped tar archive/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('correlateBundle', () => {
  const clusterOf = (node: string, members: string[]): BundleInput => ({
    host: node.split('@')[1]!,
    fileNode: null,
    report: {
      source: `${node}/rabbitmqctl_cluster_status`,
      kind: 'cluster_status',
      status: null,
      cluster: { node, clusterName: null, discNodes: members, ramNodes: [], runningNodes: members, partitions: [], alarms: [] },
      findings: [],
    },
  });

  it('says the cluster never formed when every node lists only itself', () => {
    const report = correlateBundle('b', [clusterOf('rabbit@a', ['rabbit@a']), clusterOf('rabbit@b', ['rabbit@b'])]);
    expect(report.conclusions).toEqual([
      { signature: 'cluster-formation-failed', nodes: ['rabbit@a', 'rabbit@b'], summary: 'the cluster never formed: rabbit@a, rabbit@b each list only themselves as members' },
    ]);
  });

  it('does not call one healthy cluster, or a single node, unformed', () => {
    expect(correlateBundle('b', [clusterOf('rabbit@a', ['rabbit@a', 'rabbit@b']), clusterOf('rabbit@b', ['rabbit@a', 'rabbit@b'])]).conclusions).toEqual([]);
    expect(correlateBundle('b', [clusterOf('rabbit@a', ['rabbit@a'])]).conclusions).toEqual([]);
  });
});
