import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { analysisReportSchema, type AnalysisReport } from '../../src/analyze/analysis-report';
import { EXIT } from '../../src/analyze/run-analyze';
import { collectLabBundle, tarBundle } from '../helpers/collect-lab-bundle';
import { useTestLab } from '../helpers/lab';
import { runAnalyzeCli } from '../helpers/run-analyze-cli';

jest.setTimeout(180_000);


/** Polls a state until it holds or the deadline passes: survivors notice a kill -9 within a second, but a busy machine can take longer. */
const waitFor = async (what: string, holds: () => Promise<boolean>, deadlineMs: number): Promise<void> => {
  const until = Date.now() + deadlineMs;
  while (!(await holds())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
};

describe('analyze reads a support bundle from a real lab run (crash, forget, failed rejoin) as one report', () => {
  const lab = useTestLab({ nodes: 3 });
  const work = mkdtempSync(path.join(os.tmpdir(), 'rmq-bundle-'));
  const bundleDir = path.join(work, 'bundle');
  const tarball = path.join(work, 'rabbitmq-env-lab.tgz');
  // RMQ_BUNDLE_KEEP=1 keeps the bundle (that is how test/fixtures/bundles/ was captured).
  afterAll(() => (process.env['RMQ_BUNDLE_KEEP'] === '1' ? process.stderr.write(`bundle kept in ${work}\n`) : rmSync(work, { recursive: true, force: true })));

  it('crashes node 3, forgets it, fails to start it again, and collects every node\'s files', async () => {
    const [first, , third] = lab().nodes;
    await lab().crash(third!.name);
    await waitFor(`${first!.name} to see ${third!.name} stopped`, async () => {
      const status = await lab().rabbitmqctl(first!.name, ['cluster_status', '--formatter', 'json']);
      return status.exitCode === 0 && !(JSON.parse(status.stdout) as { running_nodes: string[] }).running_nodes.includes(third!.name);
    }, 60_000);
    const forget = await lab().rabbitmqctl(first!.name, ['forget_cluster_node', third!.name]);
    expect(forget.exitCode).toBe(0);
    await expect(lab().start(third!.name)).rejects.toThrow();
    await collectLabBundle(lab(), bundleDir);
    tarBundle(bundleDir, tarball);
  });

  it.each([['a directory', () => bundleDir], ['a .tar.gz', () => tarball]])('reads %s into one correlated report', async (_kind, source) => {
    const { code, stdout } = await runAnalyzeCli(['--json', source()]);
    expect(code).toBe(EXIT.ok);
    const report: AnalysisReport = analysisReportSchema.strict().parse(JSON.parse(stdout));
    const [first, second, third] = lab().nodes.map((node) => node.name);
    const bundle = report.bundles?.[0];
    expect(bundle?.nodes.map((node) => node.node).sort()).toEqual([first, second, third].sort());
    expect(bundle?.downOrder[0]).toEqual(expect.objectContaining({ node: third, seenBy: [first, second].sort() }));
    const own = bundle?.nodes.find((node) => node.node === third)?.problems.map((problem) => problem.signature);
    expect(own).toEqual(expect.arrayContaining(['inconsistent-cluster', 'boot-failed']));
    expect(bundle?.conclusions.map((conclusion) => conclusion.summary)).toContain(
      `${third} went down first at ${bundle?.downOrder[0]?.firstTime}, seen by ${[first, second].sort().join(', ')}`,
    );
    const kinds = report.inputs.map((input) => input.kind);
    expect(kinds).toEqual(expect.arrayContaining(['log', 'status', 'cluster_status']));
  });

  it('prints the cross-node story after the per-file blocks', async () => {
    const { stdout } = await runAnalyzeCli([tarball]);
    const third = lab().nodes[2]!.name;
    expect(stdout).toMatch(new RegExp(`Support bundle .*rabbitmq-env-lab\\.tgz — 3 nodes`));
    expect(stdout).toContain(`[node-down] ${third} went down first`);
    expect(stdout).toContain(`[inconsistent-cluster] ${third}: inconsistent-cluster`);
  });
});
