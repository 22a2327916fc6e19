import os from 'node:os';
import { createServices, type RunningServices } from '../../src/app/create-services';
import { renderReplyText } from '../../src/chat/console/render-text';
import { buildRegistry } from '../../src/app/build-registry';
import { runCommandText } from '../../src/commands/run-command';
import type { CommandContext } from '../../src/commands/types';
import { loadConfigFile } from '../../src/config/load-config';
import { silentLogger } from '../../src/observability/logger';
import type { Block, Reply } from '../../src/reply/model';
import { runLab } from '../../src/lab/run-lab';
import { useTestLab } from '../helpers/lab';

jest.setTimeout(180_000);

const text = (reply: Reply): string => renderReplyText(reply, { colour: false, buttonIds: [] });
const nodeBlock = (reply: Reply, node: string): Extract<Block, { kind: 'fields' }> => {
  const block = reply.blocks.find((b): b is Extract<Block, { kind: 'fields' }> => b.kind === 'fields' && (b.title ?? '').startsWith(`${node} (`));
  if (block === undefined) throw new Error(`no block for ${node} in ${text(reply)}`);
  return block;
};
const field = (block: Extract<Block, { kind: 'fields' }>, label: string) => block.fields.find((f) => f.label === label);

describe('/rmq vitals on a real lab', () => {
  const lab = useTestLab({ nodes: 3 });
  let services: RunningServices | null = null;

  const run = (command: string): Promise<Reply> => {
    if (services === null) {
      const loaded = loadConfigFile(lab().configPath);
      if (!loaded.ok) throw new Error(JSON.stringify(loaded.error));
      services = createServices(loaded.value, silentLogger);
    }
    const ctx: CommandContext = { actor: { id: 'U0ALICE', role: 'viewer' }, channel: 'console', services, progress: () => undefined };
    return runCommandText(buildRegistry(), command, ctx, silentLogger);
  };

  afterAll(async () => {
    await services?.close();
  });

  it('reads the vitals of every node in one SSH call each, every value known', async () => {
    const reply = await run('vitals lab');
    process.stderr.write(`[vitals e2e]\n${text(reply)}\n`);
    for (const n of ['1', '2', '3']) {
      const block = nodeBlock(reply, lab().node(n).name);
      expect(field(block, 'Host')).toMatchObject({ value: 'answers over SSH', mark: 'ok' });
      expect(field(block, 'RabbitMQ')).toMatchObject({ value: 'running', mark: 'ok' });
      const unknown = block.fields.filter((f) => f.mark === 'unknown').map((f) => f.label);
      expect(unknown).toEqual([]);
      expect(field(block, 'Load')?.value).toMatch(new RegExp(`on ${os.availableParallelism()} CPUs`));
      expect(field(block, 'Clock offset')?.mark).toBe('ok');
    }
  });

  it('a CPU-stressed host (lab stress) shows high load and its mark, in /rmq vitals and /rmq diagnose', async () => {
    // The busy loops are the lab's, recorded in its state and stopped by their PIDs. The 1-minute
    // load average follows with a time constant of a minute, so wait for the mark, bounded.
    const stress = await lab().stress('1', 'cpu');
    expect(stress.processes.length).toBe(2 * os.availableParallelism());
    try {
      const until = Date.now() + 150_000;
      let load = field(nodeBlock(await run('vitals lab'), lab().node('1').name), 'Load');
      while (load?.mark === 'ok' && Date.now() < until) {
        await new Promise((resolve) => setTimeout(resolve, 5_000));
        load = field(nodeBlock(await run('vitals lab'), lab().node('1').name), 'Load');
      }
      expect(['warning', 'critical']).toContain(load?.mark);
      expect(load?.value).toMatch(/per CPU\) \[warning ≥ 1 per CPU, critical ≥ 2 per CPU\]$/);
      const diagnosis = text(await run('diagnose lab'));
      process.stderr.write(`[vitals e2e: diagnose under stress]\n${diagnosis}\n`);
      expect(diagnosis).toContain('host load above its CPU count');
      expect(diagnosis).toContain('Evidence: host-high-load');
      expect(diagnosis).toMatch(/host vitals of 3 of 3 nodes/);
    } finally {
      const stopped = await lab().stopStress();
      expect(stopped.processes.map((p) => p.outcome).filter((o) => o === 'still-running')).toEqual([]);
    }
    expect(lab().stresses).toEqual([]);
  });

  it('the CLI contract: lab load and lab stress print what they started and stop it by PID', async () => {
    const cli = async (...words: string[]): Promise<{ code: number; out: string }> => {
      let out = '';
      const io = { stdout: { write: (t: string) => (out += t) }, stderr: { write: (t: string) => (out += t) } };
      return { code: await runLab([...words, '--dir', lab().dir], io, {}), out };
    };
    const load = await cli('load');
    expect(load).toEqual({ code: 0, out: expect.stringMatching(/load running, pid \d+: 20 messages\/s through \S+ to lab\.load \(homed on \S+\); progress in \S+load\.log\. Stop it with: rmq-bot lab load --stop\n$/) });
    expect((await cli('load')).code).toBe(1);
    expect((await cli('status')).out).toMatch(/lab load running, pid \d+/);
    expect(await cli('load', '--stop')).toEqual({ code: 0, out: expect.stringMatching(/^lab load \(pid \d+\): stopped\n$/) });
    const stress = await cli('stress', '2', 'cpu');
    expect(stress).toEqual({ code: 0, out: expect.stringMatching(/: \d+ busy loops \(pids [\d ]+\); .*\nStop it with: rmq-bot lab stress --stop\n$/) });
    expect(await cli('stress', '2', 'tcp')).toEqual({ code: 1, out: expect.stringContaining('only a namespaced lab has') });
    const stopped = await cli('stress', '--stop');
    expect(stopped.code).toBe(0);
    expect(stopped.out.split('\n').filter((l) => l.startsWith('cpu stress of'))).toHaveLength(2 * os.availableParallelism());
    expect(stopped.out).not.toContain('still-running');
  });

  it('a crashed broker on a live host is shown as such: the host answers, RabbitMQ is down', async () => {
    await lab().crash('3');
    const reply = await run('vitals lab');
    const dead = lab().node('3').name;
    const block = nodeBlock(reply, dead);
    expect(field(block, 'Host')).toMatchObject({ value: 'answers over SSH', mark: 'ok' });
    expect(field(block, 'RabbitMQ')?.mark).toBe('critical');
    expect(text(reply)).toContain(`${dead}: The host is up (SSH answers, vitals below) but RabbitMQ on it is not: RabbitMQ down.`);
    expect(reply.mark).toBe('critical');
  });
});
