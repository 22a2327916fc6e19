import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import { useTestLab } from '../helpers/lab';
import { runCli } from '../helpers/run-cli';
import { attemptUntil } from '../helpers/wait-for';
import { withConfirmChannel } from '../helpers/amqp-channel';

// The e2e project's testTimeout in jest.config.js does not reach the tests (jest 30 treats it as a global option).
jest.setTimeout(600_000);

const QUEUE = 'cq.home3';
const ALICE = 'U0ALICE';
const BOB = 'U0BOB';
const repo = path.resolve(__dirname, '../..');
const bin = path.join(repo, 'bin', 'rmq-bot.js');

/*
 * The incident's second half on a real lab, through the console as two people (`--as`): node 3,
 * home of a durable classic queue with messages, crashes and is evicted; started again it fails to
 * boot with inconsistent_cluster; `/rmq rejoin` wipes its Mnesia dir (behind its own typed
 * confirmation), boots it fresh and joins it again. The bot is killed with SIGKILL while the boot
 * runs on the node; started again it verifies that step instead of sending it twice.
 */
describe('rejoin after forget on a real lab, through the console as two people', () => {
  const lab = useTestLab({ nodes: 3 });

  it('evicts the crashed node, which then cannot boot; the rejoin runbook wipes it, boots it once across a bot crash, and every peer sees it running', async () => {
    const dead = lab().node('3');
    await withConfirmChannel(dead.amqpPort, async (channel) => {
      await channel.assertQueue(QUEUE, { durable: true });
      for (const n of [1, 2, 3]) channel.sendToQueue(QUEUE, Buffer.from(`order ${n}`), { persistent: true });
      await channel.waitForConfirms();
    });
    await lab().crash('3');

    // The lab's own "start NODE" is this lab's service start, behind a record of every run and a gate
    // the test opens: it stays mid-step until the bot that sent it has been killed.
    const record = path.join(lab().dir, 'boot-runs');
    const gate = path.join(lab().dir, 'boot-gate');
    const bootLog = path.join(lab().dir, 'boot.log');
    const start = `echo start >> ${record}; while [ ! -e ${gate} ]; do sleep 0.1; done; exec ${process.execPath} ${bin} lab start 3 --dir ${lab().dir} >> ${bootLog} 2>&1 < /dev/null`;
    const config = parse(readFileSync(lab().configPath, 'utf8')) as { clusters: { nodes: Record<string, unknown>[] }[] };
    const nodes = (config.clusters[0]?.nodes ?? []).map((n) => (n['name'] === dead.name ? { ...n, serviceStart: ['sh', '-c', start], mnesiaDir: path.join(dead.mnesiaBase, dead.name) } : n));
    const configFile = path.join(lab().dir, 'rejoin.yaml');
    writeFileSync(
      configFile,
      stringify({
        ...config,
        clusters: [{ ...config.clusters[0], nodes }],
        store: { sqlite: path.join(lab().dir, 'bot.sqlite') },
        chat: { roles: { viewer: ['*'], operator: [ALICE], approver: [BOB] } },
        // No waiting period for the test: "down long enough" is measured from when the runbook first saw it down.
        runbooks: { evictAfterDownMs: 0 },
      }),
    );
    const as = async (user: string, line: string): Promise<string> => {
      const run = await runCli(['console', '--config', configFile, '--as', user], { input: `${line}\n`, limitMs: 300_000 });
      process.stderr.write(`[rejoin e2e] ${user}> ${line}\n${run.stdout}${run.stderr}\n`);
      expect(run.code).toBe(0);
      return run.stdout;
    };
    const idIn = (out: string, kind: string) => new RegExp(`(RB-\\d+): ${kind} ${dead.name}`).exec(out)?.[1] ?? '';

    // Survivors notice a kill -9 within half a second; a busy machine may need a few rounds of probes.
    const evict = await attemptUntil(() => as(ALICE, `evict ${dead.name}`), (out) => !/pre-check failed/.test(out), 10, 1_000);
    const evictId = idIn(evict, 'evict');
    expect(evict).toContain(`DELETED by forget: durable classic queue '${QUEUE}'`);
    await as(ALICE, `confirm ${evictId} ${dead.name}`);
    expect(await as(BOB, `approve ${evictId}`)).toMatch(new RegExp(`${evictId}: evict ${dead.name} \\(cluster lab\\) — done`));

    await expect(lab().start('3')).rejects.toThrow(/did not boot/);
    expect(readFileSync(dead.logFile, 'utf8')).toContain('inconsistent_cluster');

    const opened = await as(ALICE, `rejoin ${dead.name}`);
    const id = idIn(opened, 'rejoin');
    expect(id).toMatch(/^RB-\d+$/);
    expect(opened).toContain('a forgotten node cannot boot, so its Mnesia dir');
    expect(await as(ALICE, `confirm ${id}`)).toContain(`type the node's name to confirm — /rmq confirm ${id} ${dead.name}`);
    await as(ALICE, `confirm ${id} ${dead.name}`);
    const approved = await as(BOB, `approve ${id}`);
    expect(approved).toContain(`removes ${path.join(dead.mnesiaBase, dead.name)} on ${dead.name}'s host`);
    expect(approved).toContain(`type the node's name once more to run it — \`/rmq confirm ${id} ${dead.name}\``);
    expect(await as(BOB, `confirm ${id} ${dead.name}`)).toContain(`opened by ${ALICE}; only they confirm it`);
    expect(existsSync(path.join(dead.mnesiaBase, dead.name))).toBe(true);

    // The wipe runs, then the boot starts on the node: the bot is killed right there.
    const bot = spawn(process.execPath, [bin, 'console', '--config', configFile, '--as', ALICE], { cwd: repo, env: { PATH: process.env.PATH, HOME: process.env.HOME, LOG_LEVEL: 'silent' }, stdio: ['pipe', 'ignore', 'ignore'] });
    const exited = new Promise((resolve) => bot.on('exit', resolve));
    bot.stdin.write(`confirm ${id} ${dead.name}\n`);
    const started = await attemptUntil(async () => existsSync(record), (seen) => seen, 1_200, 250);
    expect(started).toBe(true);
    bot.kill('SIGKILL');
    await exited;
    expect(existsSync(path.join(dead.mnesiaBase, dead.name))).toBe(false);
    writeFileSync(gate, '');

    expect(await as(BOB, `runbook ${id}`)).toMatch(new RegExp(`${id}: rejoin ${dead.name} \\(cluster lab\\) — ready`));
    const resumed = await as(ALICE, `runbook ${id} --resume`);
    expect(resumed).toMatch(/step 2 \(start RabbitMQ on the wiped node\): service_start on .* was sent at .* and its outcome is unknown: verifying, not sending it again/);
    expect(resumed).toMatch(new RegExp(`${id}: rejoin ${dead.name} \\(cluster lab\\) — done`));
    expect(readFileSync(record, 'utf8')).toBe('start\n');

    for (const peer of ['1', '2']) {
      const status = await lab().rabbitmqctl(peer, ['cluster_status', '--formatter', 'json']);
      expect((JSON.parse(status.stdout) as { running_nodes: string[] }).running_nodes).toContain(dead.name);
    }
  });
});
