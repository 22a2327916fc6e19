import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseConfigText } from '../../src/config/load-config';
import { renderLabBotConfig, writeLabBotConfig } from '../../src/lab/lab-bot-config';
import { planLab } from '../../src/lab/lab-layout';

const HOST_KEY = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIIfWV74ntApWmfBwcrIOSKqCgfX89ffZ7T8+S7bpPZgm';

describe('the lab bot config', () => {
  it('is valid for the bot and reaches every node through the lab sshd with the host key pinned', () => {
    const layout = planLab({ dir: '/tmp/rmq-lab-Ab12', nodes: 3, standby: false, prefix: 'rabbit', portBase: 5672 });
    const parsed = parseConfigText(renderLabBotConfig(layout, HOST_KEY), layout.configPath);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.error, null, 2));
    const [cluster, ...others] = parsed.value.clusters;
    expect(others).toEqual([]);
    expect(cluster?.name).toBe('lab');
    expect(cluster?.role).toBe('primary');
    expect(cluster?.nodes[1]).toEqual({
      name: 'rabbit2@localhost',
      ssh: { host: '127.0.0.1', port: 2222, user: 'root', privateKey: { file: '/tmp/rmq-lab-Ab12/ssh/client_ed25519' }, hostKey: HOST_KEY, agent: false, allowUnknownHostKey: false },
      commandPrefix: [],
      rabbitmqctl: '/usr/lib/rabbitmq/bin/rabbitmqctl',
      env: { HOME: '/tmp/rmq-lab-Ab12/home', RABBITMQ_CTL_DIST_PORT_MIN: '25682', RABBITMQ_CTL_DIST_PORT_MAX: '25692' },
      longNames: false,
      logFile: '/tmp/rmq-lab-Ab12/nodes/rabbit2/log/rabbit2@localhost.log',
    });
    // All lab nodes share one sshd address, so each needs its own two slots there.
    expect(parsed.value.limits.perHostConcurrency).toBe(6);
  });

  it('in a namespaced lab, runs each node\'s commands inside its namespace with long names, still through the loopback sshd', () => {
    const layout = planLab({ dir: '/srv/lab', nodes: 3, standby: false, prefix: 'rabbit', portBase: 5672, network: 'netns' });
    const parsed = parseConfigText(renderLabBotConfig(layout, HOST_KEY), layout.configPath);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.error));
    expect(parsed.value.clusters[0]?.nodes[2]).toMatchObject({
      name: 'rabbit3@10.213.0.13',
      ssh: { host: '127.0.0.1', port: 2222 },
      commandPrefix: ['/usr/sbin/ip', 'netns', 'exec', 'rmqlab-rabbit3'],
      longNames: true,
      env: { RABBITMQ_USE_LONGNAME: 'true' },
    });
  });

  it('adds the standby as its own cluster with role standby', () => {
    const layout = planLab({ dir: '/srv/lab', nodes: 2, standby: true, prefix: 'rabbit', portBase: 5672 });
    const parsed = parseConfigText(renderLabBotConfig(layout, HOST_KEY), layout.configPath);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.error));
    expect(parsed.value.clusters.map((c) => [c.name, c.role, c.nodes.map((n) => n.name)])).toEqual([
      ['lab', 'primary', ['rabbit1@localhost', 'rabbit2@localhost']],
      ['lab-standby', 'standby', ['rabbit-standby@localhost']],
    ]);
  });

  it('refuses to write a config the bot would reject, saying why', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'lab config '));
    try {
      const layout = planLab({ dir, nodes: 1, standby: false, prefix: 'rabbit', portBase: 5672 });
      expect(() => writeLabBotConfig(layout, HOST_KEY)).toThrow(/would be rejected[\s\S]*env\.HOME/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('writes the validated text', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'lab-config-'));
    try {
      const layout = planLab({ dir, nodes: 1, standby: false, prefix: 'rabbit', portBase: 5672 });
      writeLabBotConfig(layout, HOST_KEY);
      expect(readFileSync(layout.configPath, 'utf8')).toBe(renderLabBotConfig(layout, HOST_KEY));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
