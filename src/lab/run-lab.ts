import { Lab } from './lab';
import { defaultLabDir, LAB_USAGE, parseLabArgs, type LabCommand } from './lab-args';
import { isLabError } from './lab-errors';
import { NETNS_TICKTIME_SECONDS } from './lab-layout';
import { enableLabManagement, writeLabManagementConfig } from './lab-management';
import { formatLabStatus } from './lab-status';
import { seconds } from './progress';
import { startLab } from './start-lab';

export interface LabIo {
  readonly stdout: { write(text: string): unknown };
  readonly stderr: { write(text: string): unknown };
}

async function execute(command: Exclude<LabCommand, { verb: 'help' }>, io: LabIo): Promise<number> {
  const say = (line: string) => io.stdout.write(`${line}\n`);
  if (command.verb === 'up') {
    const lab = await startLab({ dir: command.dir, nodes: command.nodes, standby: command.standby, network: command.network, partitionHandling: command.partitionHandling, onProgress: say });
    if (lab.wasAlreadyUp) say('already up: nothing started (rmq-bot lab status shows its health)');
    if (command.management) {
      for (const node of lab.nodes) say(`management API of ${node.name} on 127.0.0.1:${await enableLabManagement(lab, node.name)}`);
      writeLabManagementConfig(lab);
    }
    say(lab.configPath);
    return 0;
  }
  const lab = Lab.open(command.dir);
  const started = Date.now();
  switch (command.verb) {
    case 'status':
      say(`asking ${lab.nodes.length} node${lab.nodes.length > 1 ? 's' : ''} and the sshd (a hung node takes a few seconds) …`);
      io.stdout.write(formatLabStatus(await lab.status()));
      return 0;
    case 'config':
      say(lab.configPath);
      return 0;
    case 'down': {
      say(`stopping everything the lab in ${lab.dir} started …`);
      const report = await lab.down();
      for (const p of report.processes) say(`${p.label} (pid ${p.pid}): ${p.outcome}`);
      for (const n of report.namespaces) say(`network namespace ${n.namespace}: ${n.outcome}${n.detail ? ` (${n.detail})` : ''}`);
      const left = report.processes.some((p) => p.outcome === 'still-running') || report.namespaces.some((n) => n.outcome === 'failed');
      say(`lab in ${lab.dir} ${left ? 'NOT fully stopped' : 'stopped'} in ${seconds(Date.now() - started)}`);
      return left ? 1 : 0;
    }
    case 'partition': {
      const cut = await lab.partition(command.side, command.from);
      say(`cut ${cut.side.join(', ')} off from ${cut.from.join(', ')} (packets dropped both ways); peers notice within about ${NETNS_TICKTIME_SECONDS} s (net_ticktime). Undo with: rmq-bot lab heal`);
      return 0;
    }
    case 'heal': {
      const healed = await lab.heal();
      say(healed.length === 0 ? 'no link was cut: nothing to heal' : `restored ${healed.map(([a, b]) => `${a} ↔ ${b}`).join(', ')} in ${seconds(Date.now() - started)}`);
      return 0;
    }
    case 'load': {
      if (command.stop) {
        const stopped = await lab.stopLoad();
        say(stopped === null ? 'no load was running: nothing to stop' : `${stopped.label} (pid ${stopped.pid}): ${stopped.outcome}`);
        return stopped?.outcome === 'still-running' ? 1 : 0;
      }
      say('starting a publisher and a consumer (a few seconds) …');
      const load = await lab.startLoad(say);
      say(`load running, pid ${load.pid}: ${load.ratePerSecond} messages/s through ${load.clientNode.name} to ${load.queue} (homed on ${load.homeNode.name}); progress in ${load.logFile}. Stop it with: rmq-bot lab load --stop`);
      return 0;
    }
    case 'stress': {
      if (command.stress === null) {
        const stopped = await lab.stopStress();
        for (const p of stopped.processes) say(`${p.label} (pid ${p.pid}): ${p.outcome}`);
        for (const node of stopped.links) say(`link of ${node}: restored`);
        if (stopped.processes.length === 0 && stopped.links.length === 0) say('no stress was running: nothing to stop');
        return stopped.processes.some((p) => p.outcome === 'still-running') ? 1 : 0;
      }
      const stress = await lab.stress(command.stress.node, command.stress.kind);
      say(
        stress.kind === 'cpu'
          ? `${stress.node}: ${stress.processes.length} busy loops (pids ${stress.processes.map((p) => p.pid).join(' ')}); the load average follows within a minute or two`
          : `${stress.node}: link throttled until packets drop; retransmits show in its vitals while traffic crosses it`,
      );
      say('Stop it with: rmq-bot lab stress --stop');
      return 0;
    }
    case 'crash':
    case 'hang':
    case 'resume':
    case 'start': {
      const before = lab.node(command.node);
      if (command.verb === 'start' && lab.processState(command.node) === 'stopped') say(`booting ${before.name} (a few seconds) …`);
      await lab[command.verb](command.node);
      const after = lab.node(command.node);
      const done = {
        crash: `beam pid ${before.beamPid} killed with SIGKILL, gone`,
        hang: `beam pid ${before.beamPid} stopped with SIGSTOP (hung)`,
        resume: `beam pid ${before.beamPid} resumed with SIGCONT`,
        start: `booted, beam pid ${after.beamPid},`,
      }[command.verb];
      say(`${after.name}: ${done} in ${seconds(Date.now() - started)}`);
      return 0;
    }
  }
}

/** `rmq-bot lab …`: argv is the words after `lab`. Exit 0 done, 1 failed, 2 bad usage. */
export async function runLab(argv: readonly string[], io: LabIo, env: Readonly<Record<string, string | undefined>> = process.env): Promise<number> {
  const parsed = parseLabArgs(argv, env, defaultLabDir());
  if (!parsed.ok) {
    io.stderr.write(`rmq-bot lab: ${parsed.error}\n${LAB_USAGE}`);
    return 2;
  }
  if (parsed.value.verb === 'help') {
    io.stdout.write(LAB_USAGE);
    return 0;
  }
  try {
    return await execute(parsed.value, io);
  } catch (e) {
    if (!isLabError(e)) throw e;
    io.stderr.write(`rmq-bot lab: ${e.message}\n`);
    return 1;
  }
}
