import { execFileSync } from 'node:child_process';
import { createServices, type RunningServices } from '../../src/app/create-services';
import { buildRegistry } from '../../src/app/build-registry';
import { renderReplyText } from '../../src/chat/console/render-text';
import { runCommandText } from '../../src/commands/run-command';
import type { Actor, CommandContext } from '../../src/commands/types';
import { loadConfigFile } from '../../src/config/load-config';
import type { BotConfig } from '../../src/config/schema';
import { disableLabManagement, enableLabManagement, writeLabManagementConfig } from '../../src/lab/lab-management';
import { silentLogger } from '../../src/observability/logger';
import type { Reply } from '../../src/reply/model';
import { remoteGraceMs } from '../../src/transport/node-command';
import { useTestLab } from '../helpers/lab';
import { attemptUntil } from '../helpers/wait-for';

jest.setTimeout(300_000);

const text = (reply: Reply): string => renderReplyText(reply, { colour: false, buttonIds: [] });
const alice: Actor = { id: 'U0ALICE', role: 'operator' };

/** The plugin commands the runbook sends, still alive on the node: the remote `timeout`, the CLI's shell and its Erlang VM. */
function pluginCommandsOf(node: string, beamPid: number | null): string[] {
  return execFileSync('ps', ['-eo', 'pid=,args='], { encoding: 'utf8' })
    .split('\n')
    .filter((line) => line.includes(node) && /rabbitmq_management|rabbitmq-plugins/.test(line) && Number.parseInt(line, 10) !== beamPid);
}

describe('/rmq mgmt restart on a real lab node: the guarded restart of the management plugin', () => {
  const lab = useTestLab({ nodes: 1 });
  const opened: RunningServices[] = [];

  const servicesWith = (change: (config: BotConfig) => BotConfig): RunningServices => {
    const loaded = loadConfigFile(lab().configPath);
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.error));
    const services = createServices({ ...loaded.value, config: change(loaded.value.config) }, silentLogger);
    opened.push(services);
    return services;
  };
  const run = (services: RunningServices, command: string): Promise<Reply> => {
    const ctx: CommandContext = { actor: alice, channel: 'console', services, progress: () => undefined };
    return runCommandText(buildRegistry(), command, ctx, silentLogger);
  };
  const openRunbook = async (services: RunningServices): Promise<string> => {
    const reply = await run(services, `mgmt restart ${lab().node('1').name}`);
    process.stderr.write(`[mgmt e2e] /rmq mgmt restart\n${text(reply)}\n`);
    const id = /^(RB-\d+):/.exec(reply.summary)?.[1];
    if (id === undefined) throw new Error(`no runbook opened: ${reply.summary}`);
    return id;
  };

  afterAll(async () => {
    await lab().resume('1').catch(() => undefined);
    await Promise.all(opened.map((s) => s.close()));
  });

  it('API answers → plugin disabled → "does not answer, the broker does" → the guarded restart brings it back', async () => {
    await enableLabManagement(lab(), '1');
    writeLabManagementConfig(lab());
    const services = servicesWith((c) => c);
    expect((await run(services, 'management lab')).summary).toBe('Management API: 1 of 1 nodes answer');

    await disableLabManagement(lab(), '1');
    const silent = text(await run(services, 'management lab'));
    expect(silent).toContain(`management API does not answer, the broker does: node ${lab().node('1').name}`);

    const id = await openRunbook(services);
    const done = await run(services, `confirm ${id}`);
    process.stderr.write(`[mgmt e2e] /rmq confirm\n${text(done)}\n`);
    expect(done.summary).toMatch(new RegExp(`^${id}: mgmt-restart ${lab().node('1').name} \\(cluster lab\\) — done`));
    expect(text(done)).toMatch(/rabbitmq-plugins -n \S+ enable --online rabbitmq_management/);
    expect(text(done)).toMatch(/verify management API answers: answers \(3\.\d+\.\d+\)/);
    expect((await run(services, 'management lab')).summary).toBe('Management API: 1 of 1 nodes answer');
  });

  it('a restart that hangs (the node SIGSTOPped) ends within its deadline, says so, leaves no process on the node, and other commands are answered meanwhile', async () => {
    const mutationMs = 4_000;
    // Shorter than the CLI's own 7 s Erlang connection setup time, so the bot's deadline is what ends it.
    const services = servicesWith((c) => ({ ...c, deadlines: { ...c.deadlines, commandMs: 3_000, mutationMs }, management: c.management && { ...c.management, deadlineMs: 2_000 } }));
    const node = lab().node('1').name;
    const id = await openRunbook(services);
    await lab().hang('1');
    try {
      const restart = run(services, `confirm ${id}`);
      let restartSettled = false;
      void restart.then(() => (restartSettled = true));

      const whileHung = await run(services, 'vitals lab');
      expect(restartSettled).toBe(false);
      expect(text(whileHung)).toMatch(/Load/);
      const running = await attemptUntil(async () => pluginCommandsOf(node, lab().node('1').beamPid), (lines) => lines.length > 0 || restartSettled, 120, 250);
      expect(running.length).toBeGreaterThan(0);

      const hung = await restart;
      const rendered = text(hung);
      process.stderr.write(`[mgmt e2e] /rmq confirm, node hung\n${rendered}\n`);
      expect(hung.summary).toMatch(new RegExp(`^${id}: mgmt-restart ${node} \\(cluster lab\\)`));
      expect(rendered).toContain(`no exit status within ${mutationMs} ms`);
      expect(rendered).toContain('the verification did not pass');
      expect(rendered).toContain('check /rmq vitals');

      // The node's `timeout` sends TERM at the deadline plus its grace, KILL one second later.
      const left = await attemptUntil(async () => pluginCommandsOf(node, lab().node('1').beamPid), (lines) => lines.length === 0, Math.ceil((remoteGraceMs + 1_000 + 2_000) / 250), 250);
      expect(left).toEqual([]);
    } finally {
      await lab().resume('1');
    }
  });
});
