import type { ClusterConfig } from '../../src/config/schema';
import { createMutationExecutor } from '../../src/mutations/mutation-executor';
import { rejoinRunbook } from '../../src/runbooks/rejoin-runbook';
import { openSqliteStore } from '../../src/store/sqlite-store';
import { createSshTransports } from '../../src/transport/ssh-transport';
import { labConfig, labNodes, quickLab, scriptedInspector, unreachableReport, upReport, type ScriptedNode } from '../slack/harness';

const [rabbit1, rabbit2, rabbit3] = labNodes as [string, string, string];

/** The rejoin preview over scripted nodes: no SSH, no store writes; the checks it shows before anyone confirms. */
async function preview(script: readonly ScriptedNode[], node: Record<string, unknown> = {}) {
  const base = labConfig();
  const cluster = base.clusters[0] as ClusterConfig;
  const config = { ...base, clusters: [{ ...cluster, nodes: cluster.nodes.map((n) => (n.name === rabbit3 ? { ...n, ...node } : n)) }] };
  const store = openSqliteStore(':memory:');
  const transports = createSshTransports(config);
  try {
    const now = () => new Date(Date.UTC(2026, 10, 30, 9));
    const services = { config, inspector: scriptedInspector(script), readerFor: transports.readerFor, store, executor: createMutationExecutor({ journal: store, mutatorFor: transports.mutatorFor, now }), now };
    return await rejoinRunbook.preview({ cluster: config.clusters[0] as ClusterConfig, node: rabbit3, services, seenSince: null });
  } finally {
    await transports.closeAll();
    await store.close();
  }
}

const down3: ScriptedNode[] = [
  { delayMs: 1, report: upReport(rabbit1) },
  { delayMs: 1, report: upReport(rabbit2) },
  { delayMs: 1, report: unreachableReport(rabbit3) },
];

describe('the rejoin preview', () => {
  it('for a node that does not answer, refuses before any confirmation when the config cannot wipe or boot it', async () => {
    const shown = await preview(down3);
    expect(shown.checks.find((c) => c.name === 'wipe and boot configured')).toEqual({ name: 'wipe and boot configured', passed: false, detail: `add mnesiaDir and serviceStart to ${rabbit3}'s entry in the bot config` });
  });

  it('says which directory the wipe removes, and that it comes with its own typed confirmation', async () => {
    const shown = await preview(down3, { mnesiaDir: `/var/lib/rabbitmq/mnesia/${rabbit3}`, serviceStart: ['systemctl', 'start', 'rabbitmq-server'] });
    expect(shown.checks.find((c) => c.name === 'wipe and boot configured')?.passed).toBe(true);
    expect(shown.warnings).toContain(`${rabbit3} does not answer: a forgotten node cannot boot, so its Mnesia dir /var/lib/rabbitmq/mnesia/${rabbit3} is wiped first, behind its own typed confirmation, and it is started fresh.`);
  });

  it('for a node that runs, plans no wipe', async () => {
    const shown = await preview(quickLab);
    expect(shown.checks.map((c) => c.name)).not.toContain('wipe and boot configured');
    expect(shown.warnings).toHaveLength(1);
  });
});
