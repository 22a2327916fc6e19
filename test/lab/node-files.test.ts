import { planLab } from '../../src/lab/lab-layout';
import { nodeEnvironment, renderRabbitmqConf } from '../../src/lab/node-files';
import { renderSshdConfig } from '../../src/lab/private-sshd';

const layout = planLab({ dir: '/srv/lab', nodes: 2, standby: false, prefix: 'rabbit', portBase: 5672 });
const node2 = layout.nodes[1];

describe('node and sshd files', () => {
  it('writes the rabbitmq.conf of LAB.md', () => {
    if (node2 === undefined) throw new Error('no node 2');
    expect(renderRabbitmqConf(node2).split('\n')).toEqual([
      'listeners.tcp.default = 127.0.0.1:5673',
      'log.file.level = info',
      'log.console = false',
      'cluster_partition_handling = ignore',
      '',
    ]);
  });

  it('keeps every node path inside its own dir, and distribution on loopback', () => {
    if (node2 === undefined) throw new Error('no node 2');
    const env = nodeEnvironment(layout, node2);
    expect(env).toMatchObject({ RABBITMQ_NODENAME: 'rabbit2@localhost', RABBITMQ_NODE_PORT: '5673', RABBITMQ_DIST_PORT: '25673', HOME: '/srv/lab/home' });
    const paths = Object.entries(env).filter(([key, value]) => value.startsWith('/') && key !== 'HOME');
    expect(paths.length).toBeGreaterThan(5);
    for (const [, value] of paths) expect(value.startsWith('/srv/lab/nodes/rabbit2/')).toBe(true);
    expect(env['RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS']).toBe('-kernel inet_dist_use_interface {127,0,0,1}');
  });

  it('puts a namespaced node on its own address with long names, the chosen partition handling and a 10 s tick', () => {
    const netns = planLab({ dir: '/srv/lab', nodes: 2, standby: false, prefix: 'rabbit', portBase: 5672, network: 'netns' });
    const node = netns.nodes[1];
    if (node === undefined) throw new Error('no node 2');
    expect(renderRabbitmqConf(node, 'pause_minority')).toContain('listeners.tcp.default = 10.213.0.12:5673\n');
    expect(renderRabbitmqConf(node, 'pause_minority')).toContain('cluster_partition_handling = pause_minority\n');
    expect(renderRabbitmqConf(node, 'pause_minority')).toContain('loopback_users = none\n');
    expect(nodeEnvironment(netns, node)).toMatchObject({
      RABBITMQ_NODENAME: 'rabbit2@10.213.0.12',
      RABBITMQ_NODE_IP_ADDRESS: '10.213.0.12',
      RABBITMQ_USE_LONGNAME: 'true',
      RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS: '-kernel net_ticktime 10',
    });
  });

  it('configures sshd for loopback, keys only, root by key, lax modes for /tmp', () => {
    const lines = renderSshdConfig(layout.sshd).split('\n');
    expect(lines).toEqual(
      expect.arrayContaining([
        'Port 2222',
        'ListenAddress 127.0.0.1',
        'HostKey /srv/lab/ssh/ssh_host_ed25519_key',
        'AuthorizedKeysFile /srv/lab/ssh/authorized_keys',
        'PasswordAuthentication no',
        'UsePAM no',
        'PermitRootLogin prohibit-password',
        'StrictModes no',
      ]),
    );
  });
});
