import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import amqp from 'amqplib';
import { parse, stringify } from 'yaml';
import { openSqliteStore } from '../../src/store/sqlite-store';
import { labConfigWithAmqp } from '../helpers/amqp-lab-config';
import { useTestLab } from '../helpers/lab';
import { runCliInProcess } from '../helpers/run-cli-in-process';
import type { LoopbackServer } from '../../src/lab/loopback-server';
import { startSwitchableEndpoint } from '../helpers/switchable-endpoint';

// The e2e project's testTimeout in jest.config.js does not reach the tests (jest 30 treats it as a global option).
jest.setTimeout(300_000);

/*
 * A cutover on real labs through the console, as two people: a 3-node primary and a 1-node
 * standby. The client-facing endpoint is a relay whose backend port is a file; the configured
 * switch and rollback are one script, run over SSH on the standby's host, that records its argv and
 * rewrites that file. The verification connects over AMQP through the relay to whichever broker the
 * script chose.
 */

/** A word a shell would act on: it must reach the script as one literal argument. */
const hostileWord = (dir: string) => `lab-standby; touch ${dir}/INJECTED $(touch ${dir}/INJECTED2) \`touch ${dir}/INJECTED3\` '"`;

const SWITCH_SCRIPT = `#!/bin/sh
set -eu
dir=$(dirname "$0")
{ echo ---; for word in "$@"; do printf '%s\\n' "$word"; done; } >> "$dir/invocations"
printf '%s' "$2" > "$dir/target.tmp"
mv "$dir/target.tmp" "$dir/target"
echo "client endpoint now relays to port $2"
`;

async function announcedClusterName(port: number): Promise<unknown> {
  const connection = await amqp.connect(`amqp://guest:guest@127.0.0.1:${port}`, { timeout: 5_000 });
  connection.on('error', () => undefined);
  try {
    return connection.connection.serverProperties.cluster_name;
  } finally {
    await connection.close().catch(() => undefined);
  }
}

async function declarePrimaryOnlyTopology(port: number): Promise<void> {
  const connection = await amqp.connect(`amqp://guest:guest@127.0.0.1:${port}`, { timeout: 5_000 });
  connection.on('error', () => undefined);
  try {
    const channel = await connection.createChannel();
    channel.on('error', () => undefined);
    await channel.assertExchange('orders', 'topic', { durable: true });
    await channel.assertQueue('orders.eu', { durable: true });
    await channel.bindQueue('orders.eu', 'orders', 'eu.#');
  } finally {
    await connection.close().catch(() => undefined);
  }
}

const invocations = (dir: string): string[][] =>
  existsSync(path.join(dir, 'invocations'))
    ? readFileSync(path.join(dir, 'invocations'), 'utf8')
        .split('---\n')
        .filter((chunk) => chunk !== '')
        .map((chunk) => chunk.replace(/\n$/, '').split('\n'))
    : [];

describe('cutover from a 3-node primary to a 1-node standby, and the rollback, on real labs through the console', () => {
  const lab = useTestLab({ nodes: 3, standby: true });
  let dir = '';
  let endpoint: LoopbackServer | null = null;
  let configFile = '';

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'rmq-cutover-'));
    const script = path.join(dir, 'switch.sh');
    writeFileSync(script, SWITCH_SCRIPT);
    chmodSync(script, 0o755);
    const primaryPort = lab().node('1').amqpPort;
    writeFileSync(path.join(dir, 'target'), String(primaryPort));
    endpoint = await startSwitchableEndpoint(path.join(dir, 'target'));

    const withAmqp = parse(readFileSync(labConfigWithAmqp(lab()).file, 'utf8')) as {
      clusters: { name: string; nodes: { name: string }[]; amqp: { endpoints: unknown[] }; switch?: unknown; rollback?: unknown }[];
      [key: string]: unknown;
    };
    const [primary, standby] = withAmqp.clusters;
    if (primary === undefined || standby === undefined) throw new Error('the lab config has no standby');
    primary.amqp.endpoints = [{ host: '127.0.0.1', port: endpoint.port }];
    const standbyNode = standby.nodes[0]?.name ?? '';
    const standbyPort = lab().nodes.find((n) => n.cluster === 'lab-standby')?.amqpPort;
    standby.switch = { node: standbyNode, argv: [script, '--to', String(standbyPort), hostileWord(dir)] };
    standby.rollback = { node: standbyNode, argv: [script, '--to', String(primaryPort)] };
    withAmqp.chat = { roles: { viewer: ['*'], operator: ['U0ALICE'], approver: ['U0ALICE', 'U0BOB'] } };
    withAmqp.store = { sqlite: path.join(dir, 'bot.sqlite') };
    configFile = path.join(dir, 'bot.yaml');
    writeFileSync(configFile, stringify(withAmqp, { lineWidth: 0 }));
  });

  afterAll(async () => {
    await endpoint?.close();
    if (dir !== '') rmSync(dir, { recursive: true, force: true });
  });

  /** One console session as `user`, one command per line; its stdout. */
  async function consoleAs(user: string, ...lines: string[]): Promise<string> {
    const run = await runCliInProcess(['console', '--config', configFile, '--as', user], `${lines.join('\n')}\n`);
    process.stderr.write(`[cutover e2e] console --as ${user}: ${lines.join(' | ')}\n${run.stdout}\n`);
    expect(run.code).toBe(0);
    return run.stdout;
  }

  /** The action event the runbook recorded, read from the store both consoles shared. */
  async function recordedAction(id: string): Promise<unknown> {
    const store = openSqliteStore(path.join(dir, 'bot.sqlite'));
    try {
      const { events } = await store.listTimeline({ limit: 500 });
      return events.find((e) => e.kind === 'runbook-action' && (e.details as { runbookId?: string }).runbookId === id)?.details;
    } finally {
      await store.close();
    }
  }

  const runbookId = (out: string): string => /(RB-\d+): cutover/.exec(out)?.[1] ?? 'no runbook id';

  it('shows the standby healthy and the primary-only topology, refuses without the typed standby name and without a second person, switches, and verifies over AMQP', async () => {
    await declarePrimaryOnlyTopology(lab().node('1').amqpPort);
    const primaryName = await announcedClusterName(lab().node('1').amqpPort);
    const standbyName = await announcedClusterName(lab().nodes.find((n) => n.cluster === 'lab-standby')?.amqpPort ?? 0);
    expect(await announcedClusterName(endpoint?.port ?? 0)).toBe(primaryName);

    const opened = await consoleAs('U0ALICE', 'cutover lab');
    const id = runbookId(opened);
    expect(opened).toContain(`${id}: cutover lab-standby (cluster lab-standby) — awaiting-confirmation`);
    expect(opened).toMatch(/switch configured\s+✔ '\/tmp\/rmq-cutover-\w+\/switch\.sh' '--to' '\d+' 'lab-standby; touch [^']+ \$\(touch [^']+\) `touch [^']+` '\\''"' on \S+standby@localhost/);
    expect(opened).toMatch(/Standby lab-standby is healthy: 1 node running, canary round trip 127\.0\.0\.1:\d+ \/: [\d.]+ ms/);
    expect(opened).toContain('Clients of lab would miss these on lab-standby:');
    expect(opened).toMatch(/exchange · \/ · orders · missing on the standby \(topic exchange\)/);
    expect(opened).toMatch(/queue · \/ · orders\.eu · missing on the standby/);
    expect(opened).toMatch(/binding · \/ · orders → queue orders\.eu · routing key "eu\.#" missing on the standby/);

    const confirmed = await consoleAs('U0ALICE', `confirm ${id}`, `confirm ${id} lab`, `confirm ${id} lab-standby`, `approve ${id}`);
    expect(confirmed).toContain(`${id} is destructive: type the node's name to confirm — /rmq confirm ${id} lab-standby`);
    expect(confirmed).toContain(`${id}: "lab" is not lab-standby; nothing was done.`);
    expect(confirmed).toContain('Waiting for a second person with the approver role');
    expect(confirmed).toContain(`${id}: you opened it, so you cannot approve it; a second person with the approver role must.`);
    expect(invocations(dir)).toEqual([]);

    const approved = await consoleAs('U0BOB', `approve ${id}`);
    expect(approved).toContain(`${id}: cutover lab-standby (cluster lab-standby) — done`);
    expect(approved).toMatch(/step 1 \(switch client traffic to the standby\): `.*switch\.sh --to \d+ lab-standby; touch .*` on \S+standby@localhost → step \S+: completed in \d+ ms/);
    expect(approved).toContain(`✔ step 1 (switch client traffic to the standby) verify client endpoint reaches lab-standby: every client-facing endpoint announces cluster_name ${String(standbyName)}`);

    const standbyPort = String(lab().nodes.find((n) => n.cluster === 'lab-standby')?.amqpPort);
    expect(invocations(dir)).toEqual([['--to', standbyPort, hostileWord(dir)]]);
    for (const file of ['INJECTED', 'INJECTED2', 'INJECTED3']) expect(existsSync(path.join(dir, file))).toBe(false);
    expect(await announcedClusterName(endpoint?.port ?? 0)).toBe(standbyName);
    expect(await recordedAction(id)).toMatchObject({
      argv: [path.join(dir, 'switch.sh'), '--to', standbyPort, hostileWord(dir)],
      outcome: 'completed',
      exitCode: 0,
      durationMs: expect.any(Number),
      outputExcerpt: expect.stringContaining(`client endpoint now relays to port ${standbyPort}`),
    });
  });

  it('rolls back behind the typed primary name and a second person, and verifies the endpoint reaches the primary again', async () => {
    const primaryName = await announcedClusterName(lab().node('1').amqpPort);
    const opened = await consoleAs('U0ALICE', 'cutover-rollback lab');
    const id = /(RB-\d+): cutover-rollback/.exec(opened)?.[1] ?? 'no runbook id';
    expect(opened).toContain(`${id}: cutover-rollback lab (cluster lab-standby) — awaiting-confirmation`);
    expect(opened).toMatch(/lab: a majority running\s+✔?.*3 of 3 running/);

    await consoleAs('U0ALICE', `confirm ${id} lab`);
    const approved = await consoleAs('U0BOB', `approve ${id}`);
    expect(approved).toContain(`${id}: cutover-rollback lab (cluster lab-standby) — done`);
    expect(approved).toContain(`verify client endpoint reaches lab: every client-facing endpoint announces cluster_name ${String(primaryName)}`);
    expect(invocations(dir).slice(1)).toEqual([['--to', String(lab().node('1').amqpPort)]]);
    expect(await recordedAction(id)).toMatchObject({ argv: [path.join(dir, 'switch.sh'), '--to', String(lab().node('1').amqpPort)], exitCode: 0 });
    expect(await announcedClusterName(endpoint?.port ?? 0)).toBe(primaryName);
  });

  it('a switch that fails is reported with its exit code and the rollback offered; clients stay on the primary', async () => {
    const primaryName = await announcedClusterName(lab().node('1').amqpPort);
    // The script's temp file cannot be written where a directory stands: it exits non-zero before touching the target.
    mkdirSync(path.join(dir, 'target.tmp'));
    const opened = await consoleAs('U0ALICE', 'cutover');
    const id = runbookId(opened);
    await consoleAs('U0ALICE', `confirm ${id} lab-standby`);
    const failed = await consoleAs('U0BOB', `approve ${id}`);
    expect(failed).toMatch(/✖ step 1 \(switch client traffic to the standby\): exit code [1-9]\d*.* — clients may not reach the standby: .* \/rmq cutover-rollback switches them back to the primary/);
    expect(failed).toContain(`Stopped at step 1 (switch). Fix what it says, then \`/rmq runbook ${id} --resume\`, or abort.`);
    expect(await announcedClusterName(endpoint?.port ?? 0)).toBe(primaryName);
    expect(await consoleAs('U0ALICE', `abort ${id}`)).toContain(`${id}: cutover lab-standby (cluster lab-standby) — aborted`);
  });
});
