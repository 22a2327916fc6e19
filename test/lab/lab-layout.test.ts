import { cliEnvironment, inNodeNetns, labNamespaces, listeningPorts, planLab } from '../../src/lab/lab-layout';
import { LabError } from '../../src/lab/lab-errors';

const defaults = { dir: '/srv/lab', nodes: 3, standby: false, prefix: 'rabbit', portBase: 5672 };

describe('planLab', () => {
  it('uses the ports and names of LAB.md by default', () => {
    const layout = planLab(defaults);
    expect(layout.nodes.map((n) => [n.name, n.amqpPort, n.distPort])).toEqual([
      ['rabbit1@localhost', 5672, 25672],
      ['rabbit2@localhost', 5673, 25673],
      ['rabbit3@localhost', 5674, 25674],
    ]);
    expect(layout.sshd.port).toBe(2222);
    expect(layout.nodes[1]?.logFile).toBe('/srv/lab/nodes/rabbit2/log/rabbit2@localhost.log');
    expect(layout.nodes[1]?.pidFile).toBe('/srv/lab/nodes/rabbit2/rabbit2.pid');
  });

  it('derives every port from the port base, so parallel labs never share one', () => {
    const layout = planLab({ ...defaults, prefix: 't4821r', portBase: 10_032, standby: true });
    expect(layout.nodes.map((n) => n.name)).toEqual(['t4821r1@localhost', 't4821r2@localhost', 't4821r3@localhost', 't4821r-standby@localhost']);
    expect(layout.nodes.map((n) => n.cluster)).toEqual(['lab', 'lab', 'lab', 'lab-standby']);
    expect(listeningPorts(layout)).toEqual([10_032, 30_032, 10_033, 30_033, 10_034, 30_034, 10_035, 30_035, 10_041]);
    expect([layout.cliDistPortMin, layout.cliDistPortMax]).toEqual([30_042, 30_052]);
    const other = planLab({ ...defaults, prefix: 'u', portBase: 10_064, standby: true });
    const ours = new Set([...listeningPorts(layout), layout.cliDistPortMin, layout.cliDistPortMax]);
    expect([...listeningPorts(other), other.cliDistPortMin, other.cliDistPortMax].filter((p) => ours.has(p))).toEqual([]);
  });

  it('names namespaced nodes by their address, each in a namespace of its own beside a hub', () => {
    const layout = planLab({ ...defaults, prefix: 't4821r', standby: true, network: 'netns', partitionHandling: 'pause_minority' });
    expect(layout.nodes.map((n) => [n.name, n.address, n.netns])).toEqual([
      ['t4821r1@10.213.0.11', '10.213.0.11', 'rmqlab-t4821r1'],
      ['t4821r2@10.213.0.12', '10.213.0.12', 'rmqlab-t4821r2'],
      ['t4821r3@10.213.0.13', '10.213.0.13', 'rmqlab-t4821r3'],
      ['t4821r-standby@10.213.0.14', '10.213.0.14', 'rmqlab-t4821r-standby'],
    ]);
    expect(labNamespaces(layout)).toEqual(['rmqlab-t4821r-hub', 'rmqlab-t4821r1', 'rmqlab-t4821r2', 'rmqlab-t4821r3', 'rmqlab-t4821r-standby']);
    expect(cliEnvironment(layout)).toMatchObject({ RABBITMQ_USE_LONGNAME: 'true' });
    const [first] = layout.nodes;
    if (first === undefined) throw new Error('no node');
    expect(inNodeNetns(first, ['rabbitmqctl', 'ping'])).toEqual(['/usr/sbin/ip', 'netns', 'exec', 'rmqlab-t4821r1', 'rabbitmqctl', 'ping']);
    expect(labNamespaces(planLab(defaults))).toEqual([]);
  });

  it('gives every CLI call the cookie HOME and the lab’s own CLI port range', () => {
    const layout = planLab(defaults);
    expect(cliEnvironment(layout)).toEqual({ HOME: '/srv/lab/home', RABBITMQ_CTL_DIST_PORT_MIN: '25682', RABBITMQ_CTL_DIST_PORT_MAX: '25692' });
  });

  it.each([
    [{ nodes: 0 }, /--nodes must be a whole number from 1 to 9/],
    [{ nodes: 9, standby: true }, /from 1 to 8/],
    [{ prefix: 'Rabbit' }, /node prefix/],
    [{ prefix: 'a@b' }, /node prefix/],
    [{ portBase: 50_000 }, /port base/],
    [{ dir: 'relative/lab' }, /absolute/],
  ])('rejects %j', (override, message) => {
    expect(() => planLab({ ...defaults, ...override })).toThrow(message);
    expect(() => planLab({ ...defaults, ...override })).toThrow(LabError);
  });
});
