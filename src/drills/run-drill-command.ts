import path from 'node:path';
import type { CliIo } from '../cli/cli-io';
import { formatConfigError, loadConfigFile } from '../config/load-config';
import { startDisposableLab, stopLabIn } from '../lab/disposable-lab';
import { Lab } from '../lab/lab';
import { isLabError } from '../lab/lab-errors';
import { createProgress, seconds } from '../lab/progress';
import { openConsole } from './console-asker';
import { DRILL_USAGE, parseDrillArgs } from './drill-args';
import { writeDrillConfig } from './drill-config';
import { drillPassed, renderDrillReport, type DrillReport } from './drill-report';
import type { LabNeeds, Scenario } from './drill-types';
import { runDrill, type DrillTarget } from './run-drill';
import { describeLabNeeds, SCENARIOS } from './scenario-catalog';

const EXIT_USAGE = 64;

function labTarget(lab: Lab, scenario: Scenario): DrillTarget {
  const subject = lab.node(scenario.subject).name;
  const others = lab.nodes.filter((n) => n.cluster === 'lab' && n.name !== subject).map((n) => n.name);
  let configs = 0;
  return {
    lab,
    cast: { cluster: 'lab', subject, others },
    description: `lab in ${lab.dir} (${describeLabNeeds({ nodes: others.length + 1, network: lab.layout.network, partitionHandling: lab.layout.partitionHandling })})`,
    openConsole: (edit) => openConsole(writeDrillConfig(lab.configPath, path.join(lab.dir, `drill-${scenario.name}-${++configs}.yaml`), path.join(lab.dir, 'drill.sqlite'), edit)),
  };
}

const sameNeeds = (a: LabNeeds, b: LabNeeds): boolean => a.nodes === b.nodes && a.network === b.network && a.partitionHandling === b.partitionHandling;

function mismatch(lab: Lab, needs: LabNeeds): string | null {
  const primaries = lab.nodes.filter((n) => n.cluster === 'lab').length;
  if (lab.layout.network === needs.network && lab.layout.partitionHandling === needs.partitionHandling && primaries >= needs.nodes) return null;
  const flags = [`--nodes ${needs.nodes}`, ...(needs.network === 'netns' ? ['--netns'] : []), `--partition-handling ${needs.partitionHandling}`].join(' ');
  return `this drill needs a lab of ${describeLabNeeds(needs)}; the one in ${lab.dir} has ${describeLabNeeds({ nodes: primaries, network: lab.layout.network, partitionHandling: lab.layout.partitionHandling })}. Start one with: rmq-bot lab up --dir DIR ${flags}`;
}

/** Runs scenarios that share lab needs on one lab; a failed drill may leave it broken, so the next one gets a fresh lab. */
async function runInOwnLabs(scenarios: readonly Scenario[], io: CliIo): Promise<DrillReport[]> {
  const reports: DrillReport[] = [];
  const note = (line: string) => io.stderr.write(`${line}\n`);
  const groups: Scenario[][] = [];
  for (const s of scenarios) {
    const group = groups.find((g) => g[0] !== undefined && sameNeeds(g[0].lab, s.lab));
    if (group) group.push(s);
    else groups.push([s]);
  }
  for (const group of groups) {
    let owned: Awaited<ReturnType<typeof startDisposableLab>> | null = null;
    let labDir: string | null = null;
    // Ctrl-C or a CI timeout must not leave nodes and namespaces behind: the lab is stopped by its dir.
    const stopOnSignal = (signal: NodeJS.Signals) => {
      note(`[drill] ${signal}: stopping the drill's lab${labDir === null ? '' : ` in ${labDir}`}`);
      void (labDir === null ? Promise.resolve() : stopLabIn(labDir)).finally(() => process.exit(128 + (signal === 'SIGINT' ? 2 : 15)));
    };
    process.once('SIGINT', stopOnSignal).once('SIGTERM', stopOnSignal);
    try {
      for (const scenario of group) {
        if (owned === null) {
          const progress = createProgress((line) => note(`[lab] ${line}`));
          owned = await progress.step(`starting a lab of ${describeLabNeeds(scenario.lab)} for ${scenario.name}`, () =>
            startDisposableLab({ ...scenario.lab, onDir: (dir) => (labDir = dir), onProgress: (line) => note(`[lab]   ${line}`) }),
          );
        }
        const report = await runDrill(scenario, labTarget(owned.lab, scenario), (line) => note(`[drill] ${line}`));
        reports.push(report);
        io.stdout.write(`${renderDrillReport(report)}\n`);
        if (!drillPassed(report)) {
          await owned.teardown();
          owned = null;
        }
      }
    } finally {
      await owned?.teardown();
      process.off('SIGINT', stopOnSignal).off('SIGTERM', stopOnSignal);
    }
  }
  return reports;
}

function summary(reports: readonly DrillReport[]): string {
  const failed = reports.filter((r) => !drillPassed(r)).map((r) => r.scenario);
  const total = reports.reduce((ms, r) => ms + r.elapsedMs, 0);
  const line = `${reports.length - failed.length} of ${reports.length} drills passed (drill time ${seconds(total)})${failed.length > 0 ? `; FAILED: ${failed.join(', ')}` : ''}`;
  // The last line in the form CI and test runners count: "drills: N passed, N failed".
  return `${line}\ndrills: ${reports.length - failed.length} passed, ${failed.length} failed\n`;
}

function listScenarios(): string {
  const width = Math.max(...SCENARIOS.map((s) => s.name.length));
  return `${SCENARIOS.map((s) => `  ${s.name.padEnd(width)}  ${s.summary}\n  ${' '.repeat(width)}  lab: ${describeLabNeeds(s.lab)}`).join('\n')}\n`;
}

/** `rmq-bot drill …`: argv is the words after `drill`. */
export async function runDrillCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const parsed = parseDrillArgs(argv);
  if (!parsed.ok) {
    io.stderr.write(`rmq-bot drill: ${parsed.error}\n${DRILL_USAGE}`);
    return EXIT_USAGE;
  }
  const command = parsed.value;
  if (command.verb === 'help') {
    io.stdout.write(DRILL_USAGE);
    return 0;
  }
  if (command.verb === 'list') {
    io.stdout.write(listScenarios());
    return 0;
  }
  const chosen = command.name === 'all' && command.verb === 'lab' ? SCENARIOS : SCENARIOS.filter((s) => s.name === command.name);
  const [first] = chosen;
  if (first === undefined) {
    io.stderr.write(`rmq-bot drill: no scenario "${command.name}". The scenarios:\n${listScenarios()}`);
    return EXIT_USAGE;
  }
  try {
    if (command.verb === 'read-only') {
      const loaded = loadConfigFile(command.config);
      if (!loaded.ok) {
        io.stderr.write(`rmq-bot drill: ${formatConfigError(loaded.error)}\n`);
        return 78;
      }
      const cluster = loaded.value.config.clusters.find((c) => c.name === command.target);
      if (cluster === undefined) {
        io.stderr.write(`rmq-bot drill: no cluster "${command.target}" in ${command.config}; it has ${loaded.value.config.clusters.map((c) => c.name).join(', ')}\n`);
        return EXIT_USAGE;
      }
      if (!cluster.nodes.some((n) => n.name === command.node)) {
        io.stderr.write(`rmq-bot drill: no node "${command.node}" in cluster ${cluster.name}; it has ${cluster.nodes.map((n) => n.name).join(', ')}\n`);
        return EXIT_USAGE;
      }
      io.stderr.write(`Read-only: no fault is injected outside the lab. This drill expects that you have already done: ${first.readOnlyHint.replaceAll('NODE', command.node)}\n`);
      const target: DrillTarget = {
        lab: null,
        cast: { cluster: cluster.name, subject: command.node, others: cluster.nodes.map((n) => n.name).filter((n) => n !== command.node) },
        description: `cluster ${cluster.name} from ${command.config} (read-only: the questions asked while the fault is on)`,
        openConsole: () => openConsole(command.config),
      };
      const report = await runDrill(first, target, (line) => io.stderr.write(`[drill] ${line}\n`));
      io.stdout.write(renderDrillReport(report));
      return drillPassed(report) ? 0 : 1;
    }
    if (command.labDir !== undefined) {
      const lab = Lab.open(path.resolve(command.labDir));
      for (const scenario of chosen) {
        const problem = mismatch(lab, scenario.lab);
        if (problem !== null) {
          io.stderr.write(`rmq-bot drill: ${problem}\n`);
          return EXIT_USAGE;
        }
      }
      const reports: DrillReport[] = [];
      for (const scenario of chosen) {
        const report = await runDrill(scenario, labTarget(lab, scenario), (line) => io.stderr.write(`[drill] ${line}\n`));
        reports.push(report);
        io.stdout.write(`${renderDrillReport(report)}\n`);
      }
      if (reports.length > 1) io.stdout.write(summary(reports));
      return reports.every(drillPassed) ? 0 : 1;
    }
    const reports = await runInOwnLabs(chosen, io);
    if (reports.length > 1) io.stdout.write(summary(reports));
    return reports.every(drillPassed) ? 0 : 1;
  } catch (e) {
    if (!isLabError(e)) throw e;
    io.stderr.write(`rmq-bot drill: the lab failed: ${e.message}\n`);
    return 1;
  }
}
