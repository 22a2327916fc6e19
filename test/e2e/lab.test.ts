import { randomInt } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { loadConfigFile } from '../../src/config/load-config';
import type { Lab } from '../../src/lab/lab';
import { identify, processState } from '../../src/lab/process-identity';
import { runCommand } from '../../src/lab/run-command';
import { startLab } from '../../src/lab/start-lab';
import { useTestLab } from '../helpers/lab';

/** running_nodes as seen from one node, from `cluster_status --formatter json`. */
async function runningNodes(lab: Lab, from: string): Promise<string[]> {
  const result = await lab.rabbitmqctl(from, ['cluster_status', '--formatter', 'json'], 15_000);
  expect(result.exitCode).toBe(0);
  return (JSON.parse(result.stdout) as { running_nodes: string[] }).running_nodes.sort();
}

async function eventually<T>(probe: () => Promise<T>, done: (value: T) => boolean, deadlineMs: number): Promise<{ value: T; afterMs: number }> {
  const started = Date.now();
  for (;;) {
    const value = await probe();
    if (done(value) || Date.now() - started > deadlineMs) return { value, afterMs: Date.now() - started };
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

// The e2e project's testTimeout in jest.config.js does not reach the tests (jest 30 treats it as a global option).
jest.setTimeout(60_000);

describe('the local lab (real RabbitMQ 3.10 and a private sshd)', () => {
  const lab = useTestLab({ nodes: 3 });

  it('clusters three nodes that all run', async () => {
    const names = lab().nodes.map((n) => n.name).sort();
    expect(await runningNodes(lab(), '1')).toEqual(names);
  });

  it('does not start twice: a second start in the same dir returns the running lab', async () => {
    const again = await startLab({ dir: lab().dir });
    expect(again.wasAlreadyUp).toBe(true);
    expect(again.nodes.map((n) => n.beamPid)).toEqual(lab().nodes.map((n) => n.beamPid));
  });

  it('writes a bot config the bot accepts, pointing at the lab', () => {
    const loaded = loadConfigFile(lab().configPath);
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.error));
    const [cluster] = loaded.value.config.clusters;
    expect(cluster?.name).toBe('lab');
    expect(cluster?.nodes.map((n) => n.name)).toEqual(lab().nodes.map((n) => n.name));
    expect(cluster?.nodes[0]?.ssh).toMatchObject({ host: '127.0.0.1', port: lab().sshPort, user: 'root', hostKey: lab().hostKey });
  });

  it('lets the generated key in over SSH, with the pinned host key, and rabbitmqctl answers there', async () => {
    const knownHosts = path.join(lab().dir, 'known_hosts');
    writeFileSync(knownHosts, `[127.0.0.1]:${lab().sshPort} ${lab().hostKey}\n`);
    const ssh = ['ssh', '-i', lab().clientKeyFile, '-p', String(lab().sshPort), '-o', 'BatchMode=yes', '-o', 'StrictHostKeyChecking=yes', '-o', `UserKnownHostsFile=${knownHosts}`, '-o', 'ConnectTimeout=5', 'root@127.0.0.1'];
    expect((await runCommand([...ssh, 'true'], { timeoutMs: 15_000 })).exitCode).toBe(0);
    const env = Object.entries(lab().cliEnv).map(([k, v]) => `${k}=${v}`);
    const ping = await runCommand([...ssh, 'env', ...env, '/usr/lib/rabbitmq/bin/rabbitmqctl', '-n', lab().node('2').name, 'ping'], { timeoutMs: 20_000 });
    expect(ping.stdout).toContain('Ping succeeded');
  });

  it('crash: survivors drop the node from running_nodes; start brings it back with the cluster', async () => {
    const victim = lab().node('3').name;
    await lab().crash('3');
    expect(lab().processState('3')).toBe('stopped');
    const gone = await eventually(() => runningNodes(lab(), '1'), (nodes) => !nodes.includes(victim), 10_000);
    expect(gone.value).not.toContain(victim);
    process.stderr.write(`[lab e2e] survivors noticed the crash after ${gone.afterMs} ms\n`);

    const bootStarted = Date.now();
    await lab().start('3');
    process.stderr.write(`[lab e2e] crashed node booted again in ${Date.now() - bootStarted} ms\n`);
    const back = await eventually(() => runningNodes(lab(), '1'), (nodes) => nodes.length === 3, 15_000);
    expect(back.value).toEqual(lab().nodes.map((n) => n.name).sort());
  });

  it('hang and resume: the VM is stopped (T state), does not answer, then answers again', async () => {
    await lab().hang(lab().node('2').shortName);
    const hung = await lab().status();
    expect(hung.nodes.find((n) => n.name === lab().node('2').name)).toMatchObject({ process: 'hung', answer: 'timeout' });
    expect(hung.nodes.filter((n) => n.answer === 'pong')).toHaveLength(2);
    expect(hung.sshd.banner).toMatch(/^SSH-2\.0-OpenSSH/);

    await lab().resume(lab().node('2').name);
    const resumed = await lab().status();
    expect(resumed.nodes.map((n) => n.answer)).toEqual(['pong', 'pong', 'pong']);
  });

  it('down stops every process it started and nothing else', async () => {
    const pids = [...lab().nodes.map((n) => n.beamPid), lab().sshdPid].filter((p): p is number => p !== null);
    expect(pids).toHaveLength(4);
    const identities = pids.map(identify);
    const report = await lab().down();
    expect(report.processes.filter((p) => p.outcome === 'still-running')).toEqual([]);
    expect(report.namespaces).toEqual([]);
    for (const identity of identities) if (identity !== null) expect(processState(identity)).toBe('gone');
    expect(lab().isAnythingRunning()).toBe(false);
  });
});

describe('lab up when a port is taken', () => {
  it('fails with the port named and starts nothing', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'rmq-lab-busy-'));
    // Above the helper's port blocks; if someone else holds it already, the lab must refuse all the same.
    const portBase = 12_000 + 32 * randomInt(60);
    const squatter = net.createServer();
    squatter.on('error', () => undefined);
    await new Promise<void>((resolve) => squatter.listen({ host: '127.0.0.1', port: portBase }, resolve).once('error', () => resolve()));
    try {
      // Another port of the lab's block can be busy too (the rest of the suite runs labs and servers on loopback): the refusal names every one.
      const namesPortBase = new RegExp(`^ports? (\\d+, )*${portBase}(, \\d+)* already in use on 127\\.0\\.0\\.1`);
      await expect(startLab({ dir, prefix: 'busy', portBase, nodes: 1 })).rejects.toMatchObject({ code: 'port-in-use', message: expect.stringMatching(namesPortBase) });
      expect(existsSync(path.join(dir, 'lab-state.json'))).toBe(false);
    } finally {
      await new Promise((resolve) => squatter.close(resolve));
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
