import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import { createServices } from '../../src/app/create-services';
import { buildRegistry } from '../../src/app/build-registry';
import { runCommandText } from '../../src/commands/run-command';
import type { CommandContext } from '../../src/commands/types';
import { loadConfigFile } from '../../src/config/load-config';
import { startSilentListener } from '../../src/lab/silent-listener';
import { silentLogger } from '../../src/observability/logger';
import { parseClusterStatus } from '../../src/rabbit/parse-cluster-status';
import type { Block, Field, Reply } from '../../src/reply/model';
import { useTestLab } from '../helpers/lab';
import { attemptUntil, DEFAULT_DEADLINES, nodeAnswerBoundMs, SCHEDULING_SLACK_MS, type Deadlines } from '../helpers/wait-for';

/*
 * `/rmq status` and `/rmq cluster` end to end: the lab's own config, the real services (SSH to the
 * lab's sshd, rabbitmqctl on real 3.10.8 nodes), the real registry. One lab serves every case, in
 * the order healthy → wrong host key → silent host → crash/start → hang/resume.
 *
 * The bot runs with its default deadlines, as a responder would run it: on a loaded machine a
 * healthy node's rabbitmqctl can take several seconds, and a test deadline shorter than the
 * product's made these tests flaky. Waits are for states, counted in asks the deadlines bound.
 */

// The e2e project's testTimeout in jest.config.js does not reach the tests (jest 30 treats it as a global option).
// Generous: a failing state is asked again a few times, each ask bounded by the deadlines.
jest.setTimeout(240_000);

/** Asks until a state holds: each is bounded by the deadlines, so a few are enough on a busy machine. */
const ASKS = 5;
const REPO = path.join(__dirname, '..', '..');

type Mutable = Record<string, unknown> & { clusters: { nodes: { ssh: Record<string, unknown> }[] }[] };

interface Answer {
  readonly reply: Reply;
  readonly elapsedMs: number;
  /** When each node's row stopped being "asking…", in ms since the command started. */
  readonly answeredAtMs: ReadonlyMap<string, number>;
}

const fieldBlocks = (reply: Reply) => reply.blocks.filter((b): b is Extract<Block, { kind: 'fields' }> => b.kind === 'fields');

/** The row for one node: its fields by label, and the row's mark. */
function nodeRow(reply: Reply, node: string): { mark: string | undefined; fields: Map<string, Field> } {
  const block = fieldBlocks(reply).find((b) => b.title === node);
  if (!block) throw new Error(`no row for ${node} in: ${reply.summary}`);
  return { mark: block.mark, fields: new Map(block.fields.map((f) => [f.label, f])) };
}

const value = (reply: Reply, node: string, label: string): string => nodeRow(reply, node).fields.get(label)?.value ?? `(no ${label} field)`;

/** The numbered list under "What needs attention" / "Disagreements and problems". */
const problems = (reply: Reply): string[] => fieldBlocks(reply).filter((b) => b.title === 'What needs attention' || b.title === 'Disagreements and problems').flatMap((b) => b.fields.map((f) => f.value));


describe('/rmq status on a real 3-node lab', () => {
  const lab = useTestLab({ nodes: 3 });
  let work = '';
  const names = () => lab().nodes.map((n) => n.name);
  const node = (i: 1 | 2 | 3) => lab().node(String(i)).name;

  beforeAll(() => {
    work = mkdtempSync(path.join(os.tmpdir(), 'rmq-status-e2e-'));
  });
  afterAll(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  /** The lab's config with the given deadlines (the product's defaults unless a case needs others), changed by `edit`, written next to its own SQLite store. */
  function writeConfig(name: string, edit: (config: Mutable) => void = () => undefined, deadlines: Deadlines = DEFAULT_DEADLINES): string {
    const config = parse(readFileSync(lab().configPath, 'utf8')) as Mutable;
    config['deadlines'] = deadlines;
    edit(config);
    const file = path.join(work, `${name}.yaml`);
    writeFileSync(file, stringify(config, { lineWidth: 0 }));
    return file;
  }

  /** Fresh services per call, as the console builds them: a cold SSH connect is part of every answer. */
  async function ask(configFile: string, text = '/rmq status'): Promise<Answer> {
    const loaded = loadConfigFile(configFile);
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.error));
    const services = createServices(loaded.value, silentLogger);
    const answeredAtMs = new Map<string, number>();
    let started = 0;
    const ctx: CommandContext = {
      actor: { id: 'U0E2ETEST', role: 'viewer' },
      channel: 'C0E2ETEST',
      services,
      progress: (partial) => {
        for (const block of fieldBlocks(partial)) {
          if (block.title && block.mark !== 'pending' && !answeredAtMs.has(block.title)) answeredAtMs.set(block.title, performance.now() - started);
        }
      },
    };
    try {
      started = performance.now();
      const reply = await runCommandText(buildRegistry(), text, ctx, silentLogger);
      return { reply, elapsedMs: performance.now() - started, answeredAtMs };
    } finally {
      await services.close();
    }
  }

  it('healthy: every node up on 3.10.8, each sees all three running, verdict ok', async () => {
    const { reply } = await attemptUntil(() => ask(writeConfig('healthy')), (a) => a.reply.mark === 'ok', ASKS);
    expect(reply.mark).toBe('ok');
    expect(reply.summary).toBe('lab: 3 of 3 nodes up; no problems seen');
    expect(problems(reply)).toEqual([]);
    for (const name of names()) {
      expect(nodeRow(reply, name).mark).toBe('ok');
      expect(value(reply, name, 'State')).toBe('up');
      expect(value(reply, name, 'RabbitMQ')).toMatch(/^3\.10\.8 on Erlang /);
      expect(value(reply, name, 'Alarms')).toBe('none');
      expect(value(reply, name, 'Sees running')).toBe('all 3 configured nodes');
    }
    expect(reply.blocks).toContainEqual({ kind: 'context', text: expect.stringMatching(/^Asked 3 nodes over SSH in /) });
    expect(reply.blocks.find((b) => b.kind === 'actions')).toEqual({
      kind: 'actions',
      buttons: [
        { actionId: 'status.refresh', label: 'Refresh', value: 'lab' },
        { actionId: 'cluster.matrix', label: 'Membership lab', value: 'lab' },
      ],
    });
  });

  it('the real CLI: piped console answers status, cluster and a button press in plain text, exit 0 at end of input', async () => {
    // This case is about the console's plumbing, not about deadlines: generous ones let three
    // healthy answers fit in one session even when other jobs load the machine.
    const config = writeConfig('cli', undefined, { connectMs: 2 * DEFAULT_DEADLINES.connectMs, commandMs: 3 * DEFAULT_DEADLINES.commandMs });
    const runConsole = async () => {
      const child = spawn('node', [path.join(REPO, 'bin', 'rmq-bot.js'), 'console', '--config', config], { cwd: REPO, stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, LOG_LEVEL: 'warn' } });
      let out = '';
      let err = '';
      child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
      child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString('utf8')));
      child.stdin.end('/rmq status\n/rmq cluster\npress b1\n');
      const exit = await new Promise<number | null>((resolve) => child.on('close', resolve));
      return { code: exit, stdout: out, stderr: err };
    };
    // Three healthy answers in one session: on a busy machine a node may miss a deadline once.
    const { code, stdout, stderr } = await attemptUntil(runConsole, (r) => (r.stdout.match(/✔ 3 of 3 nodes up; no problems seen/g) ?? []).length === 3, ASKS);
    expect({ code, stderr: code === 0 ? '' : stderr }).toEqual({ code: 0, stderr: '' });
    expect(stdout).not.toMatch(/\u001b\[/);
    // status, then the membership matrix, then b1 (status's Refresh) draws status again.
    expect(stdout.split('Cluster lab (primary)\n=====================')).toHaveLength(3);
    expect(stdout).toContain('Membership of lab, as each node sees it');
    expect(stdout.match(/✔ 3 of 3 nodes up; no problems seen/g)).toHaveLength(3);
    expect(stdout).toContain('[b1] Refresh   [b2] Membership lab');
    expect(stdout).toMatch(/\[b3\] Refresh\n/);
    expect(stdout).toContain('[b4] Refresh   [b5] Membership lab');
    for (const name of names()) expect(stdout).toMatch(new RegExp(`^  ${name.replace(/[.@]/g, '\\$&')} +disc, running +disc, running +disc, running$`, 'm'));
    // Per-node progress goes to stderr, so a script reading stdout sees replies only.
    expect(stderr).toContain('… lab: 0 of 3 nodes answered');
  });

  it('wrong pinned host key for one node: that node is refused with a fix, the others answer', async () => {
    const keyDir = mkdtempSync(path.join(os.tmpdir(), 'rmq-other-key-'));
    let otherKey: string;
    try {
      execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'not-the-lab', '-f', path.join(keyDir, 'other')]);
      otherKey = readFileSync(path.join(keyDir, 'other.pub'), 'utf8').trim().split(' ').slice(0, 2).join(' ');
    } finally {
      rmSync(keyDir, { recursive: true, force: true });
    }
    expect(otherKey).not.toBe(lab().hostKey);
    const wrongKey = writeConfig('wrong-key', (c) => {
      const ssh = c.clusters[0]?.nodes[0]?.ssh;
      if (ssh) ssh['hostKey'] = otherKey;
    });
    const peersSee = `${node(2)}, ${node(3)} still see ${node(1)} running: only the bot cannot get an answer from it. Peers take up to net_ticktime (60 s by default) to notice a dead node, so ask again before calling it down.`;
    const { reply } = await attemptUntil(() => ask(wrongKey), (a) => problems(a.reply).includes(peersSee), ASKS);
    expect(reply.mark).toBe('critical');
    expect(reply.summary).toBe(`lab: 2 of 3 nodes up; ${node(1)}: host key mismatch`);
    expect(value(reply, node(1), 'State')).toBe('host key mismatch');
    const why = value(reply, node(1), 'Why');
    expect(why).toContain(`SSH host key of ${node(1)} (127.0.0.1:${lab().sshPort}) does not match the recorded key: refusing to connect.`);
    expect(why).toContain(`ssh-keyscan -p ${lab().sshPort} 127.0.0.1`);
    expect(why).toContain(`set ssh.hostKey to "${lab().hostKey}"`);
    for (const name of [node(2), node(3)]) expect(value(reply, name, 'State')).toBe('up');
    // Its peers still see it: the verdict says the bot, not the cluster, has the problem.
    expect(problems(reply)).toContain(peersSee);
  });

  it('a host that accepts TCP and never speaks: marked unreachable (connect timeout) within the connect deadline', async () => {
    const listener = await startSilentListener();
    try {
      // A short connect deadline shows that it, not the command deadline, bounds a silent host.
      const connectMs = 1_500;
      const deadlines = { connectMs, commandMs: DEFAULT_DEADLINES.commandMs };
      const toSilent = (c: Mutable) => {
        const ssh = c.clusters[0]?.nodes[2]?.ssh;
        if (ssh) ssh['port'] = listener.port;
      };
      // Only the silent node: the whole answer is bounded by its connect deadline.
      const alone = await ask(
        writeConfig(
          'silent-alone',
          (c) => {
            toSilent(c);
            const cluster = c.clusters[0];
            if (cluster) cluster.nodes = cluster.nodes.slice(2);
          },
          deadlines,
        ),
      );
      expect(alone.elapsedMs).toBeLessThanOrEqual(connectMs + SCHEDULING_SLACK_MS);
      expect(value(alone.reply, node(3), 'State')).toBe('SSH unreachable');
      expect(value(alone.reply, node(3), 'Why')).toBe(`no SSH handshake from ${node(3)} (127.0.0.1:${listener.port}) within ${connectMs} ms (host down, firewalled, or sshd hung)`);

      // Among healthy nodes: its row is settled just as fast and the others are unaffected.
      const mixedConfig = writeConfig('silent-mixed', toSilent, deadlines);
      const mixed = await attemptUntil(() => ask(mixedConfig), (a) => [node(1), node(2)].every((name) => value(a.reply, name, 'State') === 'up'), ASKS);
      expect(mixed.answeredAtMs.get(node(3))).toBeLessThanOrEqual(connectMs + SCHEDULING_SLACK_MS);
      expect(mixed.reply.summary).toBe(`lab: 2 of 3 nodes up; ${node(3)}: SSH unreachable`);
      expect(value(mixed.reply, node(3), 'Why')).toMatch(/^no SSH handshake .* within 1500 ms/);
      for (const name of [node(1), node(2)]) expect(value(mixed.reply, name, 'State')).toBe('up');
    } finally {
      await listener.close();
    }
  });

  describe('a crashed node (kill -9 of its VM)', () => {
    const crashedNoticed = (a: Answer) => problems(a.reply).includes(`${node(3)} is a disc node but no peer sees it running.`);
    const survivorsRows = (a: Answer) => {
      const table = a.reply.blocks.find((b): b is Extract<Block, { kind: 'table' }> => b.kind === 'table');
      return new Map(table?.rows.map((r) => [r[0], r.slice(1)]));
    };
    const matrixRow = ['disc, running', 'disc, running', 'disc, NOT running'];
    /** A survivor's answer when its cluster_status misses the deadline: up, and slow; never "hung". */
    const slowRow = [`(up: status answered; cluster_status gave no answer within ${(DEFAULT_DEADLINES.commandMs / 1000).toFixed(1)} s)`, '—', '—'];

    beforeAll(async () => {
      await lab().crash('3');
      // The survivors notice a kill -9 within about half a second: wait for that state, asked of
      // node 1 with the lab's own CLI (each call bounded by its timeout), before the bot is asked.
      const stillRunning = async () => {
        const result = await lab().rabbitmqctl('1', ['cluster_status', '--formatter', 'json']);
        const parsed = parseClusterStatus(result.stdout);
        return parsed.kind === 'parsed' ? parsed.view.runningNodes.includes(node(3)) : true;
      };
      expect(await attemptUntil(stillRunning, (running) => !running, 40)).toBe(false);
    });

    it('/rmq cluster with the default deadlines: the verdict names the crashed node; a survivor is either seen or said to be slow, never hung', async () => {
      // On a machine too loaded for any rabbitmqctl to start within the deadline every row reads
      // "timed out": wait for the state where the dead node's own CLI answered, and judge that answer.
      const crashedConfig = writeConfig('crashed-default-deadlines');
      const deadAnswered = (a: Answer) => survivorsRows(a).get(node(3))?.[0]?.startsWith('(RabbitMQ down') === true;
      const answer = await attemptUntil(() => ask(crashedConfig, '/rmq cluster'), deadAnswered, ASKS);
      expect(answer.reply.summary).toBe(`lab membership: 2 of 3 nodes up; ${node(3)}: RabbitMQ down`);
      const rows = survivorsRows(answer);
      for (const name of [node(1), node(2)]) expect([matrixRow, slowRow]).toContainEqual(rows.get(name));
      if ([node(1), node(2)].some((name) => rows.get(name)?.[0] === matrixRow[0])) expect(crashedNoticed(answer)).toBe(true);
      process.stderr.write(`[status e2e] /rmq cluster right after the crash, default deadlines: ${answer.reply.summary}; ${[node(1), node(2)].map((n) => `${n}: ${rows.get(n)?.[0]}`).join('; ')}\n`);
    });

    it('status marks it RabbitMQ down with the reason; the verdict names it; the others stay up', async () => {
      const bothSee = (a: Answer) => crashedNoticed(a) && [node(1), node(2)].every((name) => nodeRow(a.reply, name).fields.has('Sees running'));
      const { reply } = await attemptUntil(() => ask(writeConfig('crashed')), bothSee, ASKS);
      expect(reply.mark).toBe('critical');
      expect(reply.summary).toBe(`lab: 2 of 3 nodes up; ${node(3)}: RabbitMQ down`);
      expect(nodeRow(reply, node(3)).mark).toBe('critical');
      expect(value(reply, node(3), 'State')).toBe('RabbitMQ down');
      expect(value(reply, node(3), 'Why')).toMatch(/^the RabbitMQ node is not running \(rabbitmqctl: nodedown\)/);
      expect(problems(reply)).toEqual([expect.stringMatching(new RegExp(`^${node(3)}: RabbitMQ down: `)), `${node(3)} is a disc node but no peer sees it running.`]);
      for (const name of [node(1), node(2)]) {
        expect(value(reply, name, 'State')).toBe('up');
        expect(value(reply, name, 'Sees running')).toBe(`${[node(1), node(2)].sort().join(', ')}; not ${node(3)}`);
      }
    });

    it('/rmq cluster: each survivor sees it "disc, NOT running"; its own row says why it could not answer', async () => {
      const bothSee = (a: Answer) => [node(1), node(2)].every((name) => survivorsRows(a).get(name)?.[0] === matrixRow[0]);
      const answer = await attemptUntil(() => ask(writeConfig('crashed-matrix'), '/rmq cluster'), bothSee, ASKS);
      const table = answer.reply.blocks.find((b): b is Extract<Block, { kind: 'table' }> => b.kind === 'table');
      expect(table?.columns).toEqual(['seen from', ...names()]);
      const rows = survivorsRows(answer);
      expect(rows.get(node(1))).toEqual(matrixRow);
      expect(rows.get(node(2))).toEqual(matrixRow);
      expect(rows.get(node(3))).toEqual([expect.stringMatching(/^\(RabbitMQ down: the RabbitMQ node is not running \(rabbitmqctl: nodedown\)/), '—', '—']);
      expect(answer.reply.summary).toBe(`lab membership: 2 of 3 nodes up; ${node(3)}: RabbitMQ down`);
      expect(problems(answer.reply)).toContain(`${node(3)} is a disc node but no peer sees it running.`);
    });

    it('after lab start the node is back and every node sees all three again', async () => {
      await lab().start('3');
      // The restarted node rejoins within seconds; each ask is bounded by the deadlines.
      const { reply } = await attemptUntil(() => ask(writeConfig('restarted')), (a) => a.reply.mark === 'ok', 4 * ASKS, 1_000);
      expect(reply.summary).toBe('lab: 3 of 3 nodes up; no problems seen');
      for (const name of names()) expect(value(reply, name, 'Sees running')).toBe('all 3 configured nodes');
    });
  });

  describe('a hung node (SIGSTOP of its VM)', () => {
    afterAll(async () => {
      if (lab().processState('2') === 'hung') await lab().resume('2');
    });

    it('status returns within the node deadlines with that node marked timed out', async () => {
      await lab().hang('2');
      const hungConfig = writeConfig('hung');
      const othersUp = (a: Answer) => [node(1), node(3)].every((name) => value(a.reply, name, 'State') === 'up');
      const { reply, elapsedMs } = await attemptUntil(() => ask(hungConfig), othersUp, 2);
      const { connectMs, commandMs } = DEFAULT_DEADLINES;
      process.stderr.write(`[status e2e] hung node: status answered in ${Math.round(elapsedMs)} ms (commandMs ${commandMs}, connectMs ${connectMs})\n`);
      expect(elapsedMs).toBeLessThanOrEqual(nodeAnswerBoundMs(DEFAULT_DEADLINES) + SCHEDULING_SLACK_MS);
      expect(value(reply, node(2), 'State')).toBe('timed out (hung?)');
      expect(value(reply, node(2), 'Why')).toBe(`no answer within ${(commandMs / 1000).toFixed(1)} s: the node or its host may be hung`);
      expect(reply.summary).toMatch(new RegExp(`^lab: 2 of 3 nodes up; ${node(2)}: timed out \\(hung\\?\\)`));
      // The others answer `status`; their `cluster_status` may wait on the hung peer, and then the verdict says so.
      const waiting = [node(1), node(3)].filter((name) => !nodeRow(reply, name).fields.has('Sees running'));
      for (const name of [node(1), node(3)]) expect(value(reply, name, 'State')).toBe('up');
      const waitingLine = `${waiting.join(', ')} answered status, but cluster_status timed out: it asks every peer, so ${waiting.length === 1 ? 'it was' : 'they were'} most likely waiting on ${node(2)}.`;
      expect(problems(reply).includes(waitingLine)).toBe(waiting.length > 0);
    });

    it('after resume it answers again', async () => {
      await lab().resume('2');
      const { reply } = await attemptUntil(() => ask(writeConfig('resumed')), (a) => a.reply.mark === 'ok', 4 * ASKS, 1_000);
      expect(reply.summary).toBe('lab: 3 of 3 nodes up; no problems seen');
    });
  });
});
